import { httpEnv, kafkaEnv } from '@panda2zoho/config';
import { zohoEnv } from '@panda2zoho/zoho';
import { z } from 'zod';
import { CDT_CODES_MODES } from './domain/zoho-schema.ts';

export const writerConfigSchema = z.object({
  ...kafkaEnv,
  ...httpEnv,
  ...zohoEnv,
  /** Identifies this migration run in the ledger (rollback scopes by it). */
  P2Z_RUN_ID: z.string().regex(/^[A-Za-z0-9._-]+$/).default('initial'),
  /** Records per Zoho write: at most 100 (Zoho's limit). */
  ZOHO_WRITE_BATCH_SIZE: z.coerce.number().int().min(1).max(100).default(100),
  /**
   * Bulk Write for the initial load: a consumed chunk whose upserts for one module (same fields) number
   * at least this many goes through one Bulk Write job (500 credits) instead of calls of 100 (1 credit
   * per 10 records). Zoho's break-even is about 5,000 records. 0 turns Bulk Write off.
   */
  WRITER_BULK_THRESHOLD: z.coerce.number().int().min(0).max(25_000).default(5_000),
  /** Between polls of a Bulk Write job (Zoho's jobs take minutes; the emulator's three polls). */
  WRITER_BULK_POLL_MS: z.coerce.number().int().min(10).default(5_000),
  /** A PANDA delete: delete the Zoho record (children first), or set PANDA_Deleted on it. */
  WRITER_DELETE_POLICY: z.enum(['delete', 'mark']).default('delete'),
  /** CDT codes: `picklist` (Deals.PANDA_CDT_Codes multi-select) or `products` (one Product per code, linked to the plan's Deal). */
  ZOHO_CDT_CODES: z.enum(CDT_CODES_MODES).default('picklist'),
  /** How long a child waits for its parent in Zoho before it is reported (DLQ + data-quality issue). */
  WRITER_PARK_TIMEOUT_MS: z.coerce.number().int().min(1000).default(15 * 60_000),
  /** How often parked children are tried again. */
  WRITER_PARK_RETRY_MS: z.coerce.number().int().min(100).default(5_000),
  /** Create missing modules and fields at start (the `provision` command does it on its own too). */
  WRITER_PROVISION: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  /** The confirmation gate: `on` (default) writes nothing before a field map is confirmed and refuses records of another mapping version; `off` only for component tests. */
  P2Z_MAPPING_GATE: z.enum(['on', 'off']).default('on'),
  /** rollback: compensations are executed only when signed with this token (unset: every rollback is refused). */
  P2Z_OPERATOR_TOKEN: z.string().min(16).optional(),
});

export type WriterConfig = z.infer<typeof writerConfigSchema>;

/** What `panda2zoho provision` reads: the Zoho connection and the CDT-code mode. */
export const provisionConfigSchema = z.object({
  ...zohoEnv,
  ZOHO_CDT_CODES: z.enum(CDT_CODES_MODES).default('picklist'),
});
