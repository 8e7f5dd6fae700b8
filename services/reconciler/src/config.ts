import { csv, httpEnv, kafkaEnv } from '@panda2zoho/config';
import { zohoEnv } from '@panda2zoho/zoho';
import { z } from 'zod';

export const reconcilerConfigSchema = z.object({
  ...kafkaEnv,
  ...httpEnv,
  ...zohoEnv,
  /** Services whose dead-letter topics count against reconciliation. */
  P2Z_DEAD_LETTER_SERVICES: csv.default(['extractor', 'normalizer', 'deduper', 'zoho-writer']),
  /** ReconciliationReported is published this often (and on every GET /reconciliation); 0 = on demand only. */
  P2Z_RECONCILE_INTERVAL_MS: z.coerce.number().int().min(0).default(300_000),
  /**
   * Bearer token a caller must present to see field values (PHI) of mismatches
   * (GET /reconciliation?values=1). Unset: values are never served.
   */
  P2Z_RECONCILER_TOKEN: z.string().min(16).optional(),
  /** The writer's CDT-code mode: with `products` the reconciler also counts the Products (entity cdt_product), one per code of the live plans. */
  ZOHO_CDT_CODES: z.enum(['picklist', 'products']).default('picklist'),
});

export type ReconcilerConfig = z.infer<typeof reconcilerConfigSchema>;
