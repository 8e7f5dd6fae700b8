import { httpEnv, kafkaEnv } from '@panda2zoho/config';
import { zohoEnv } from '@panda2zoho/zoho';
import { z } from 'zod';

export const writerConfigSchema = z.object({
  ...kafkaEnv,
  ...httpEnv,
  ...zohoEnv,
  /** Identifies this migration run in the ledger (rollback scopes by it). */
  P2Z_RUN_ID: z.string().regex(/^[A-Za-z0-9._-]+$/).default('initial'),
  /** Records per Zoho write: at most 100 (Zoho's limit). */
  ZOHO_WRITE_BATCH_SIZE: z.coerce.number().int().min(1).max(100).default(100),
});

export type WriterConfig = z.infer<typeof writerConfigSchema>;
