import { csv, httpEnv, kafkaEnv } from '@panda2zoho/config';
import { zohoEnv } from '@panda2zoho/zoho';
import { z } from 'zod';

export const reconcilerConfigSchema = z.object({
  ...kafkaEnv,
  ...httpEnv,
  ...zohoEnv,
  /** Services whose dead-letter topics count against reconciliation. */
  P2Z_DEAD_LETTER_SERVICES: csv.default(['extractor', 'normalizer', 'deduper', 'zoho-writer']),
});

export type ReconcilerConfig = z.infer<typeof reconcilerConfigSchema>;
