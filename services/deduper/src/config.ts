import { httpEnv, kafkaEnv } from '@panda2zoho/config';
import { z } from 'zod';

export const deduperConfigSchema = z.object({
  ...kafkaEnv,
  ...httpEnv,
  /** Secret for contact keys. Fixed for the life of a migration: changing it changes every key. */
  DEDUPE_SECRET: z.string().min(16, 'at least 16 characters'),
});

export type DeduperConfig = z.infer<typeof deduperConfigSchema>;
