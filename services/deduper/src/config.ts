import { httpEnv, kafkaEnv } from '@panda2zoho/config';
import { z } from 'zod';

export const deduperConfigSchema = z.object({
  ...kafkaEnv,
  ...httpEnv,
  /** Secret for contact keys. Fixed for the life of a migration: changing it changes every key. */
  DEDUPE_SECRET: z.string().min(16, 'at least 16 characters'),
  /** Comma-separated location ids, most trusted first: breaks survivorship ties on modified time. */
  DEDUPE_LOCATION_PRIORITY: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((s) => s.trim()).filter((s) => s !== '')),
  /** Shared with operators' CLI: operator decisions must be signed with it. Unset: operator decisions are dead-lettered. */
  P2Z_OPERATOR_TOKEN: z.union([z.literal('').transform(() => undefined), z.string().min(16, 'at least 16 characters')]).optional(),
});

export type DeduperConfig = z.infer<typeof deduperConfigSchema>;
