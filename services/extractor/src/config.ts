import { csv, httpEnv, kafkaEnv } from '@panda2zoho/config';
import { z } from 'zod';

export const extractorConfigSchema = z
  .object({
  ...kafkaEnv,
  ...httpEnv,
  /**
   * Where rows come from: Debezium CDC topics (SQL Server Standard/Enterprise), Change Tracking polled
   * through mssql (SQL Server Express: no Agent, so no CDC), or a CSV export folder.
   */
  EXTRACTOR_INPUT: z.enum(['debezium', 'change-tracking', 'csv']).default('debezium'),
  /** change-tracking: the server, e.g. mssql://user:pass@host:1433?encrypt=false; each PANDA database is read from it. */
  MSSQL_URL: z.string().min(1).optional(),
  /** change-tracking: pause between polls. */
  CHANGE_TRACKING_INTERVAL_MS: z.coerce.number().int().min(100).default(5000),
  /** csv: the export folder, one sub-folder per PANDA database (`<folder>/<database>/<Table>.csv`). */
  CSV_EXPORT_DIR: z.string().min(1).optional(),
  /** Debezium's topic.prefix. */
  DEBEZIUM_TOPIC_PREFIX: z.string().min(1).default('panda'),
  /** PANDA databases captured by the connector (database.names); one per practice location. */
  PANDA_DATABASES: csv.pipe(z.array(z.string().min(1)).min(1, 'name at least one PANDA database')),
  /** Optional database=location pairs; unlisted databases are their own location id. */
  PANDA_LOCATION_BY_DATABASE: csv.default([]),
  /** JSON file renaming a real install's tables and columns onto the reference model (see panda-model table-map.ts). */
  PANDA_TABLE_MAP_FILE: z.string().min(1).optional(),
  /**
   * The SSN (minimum necessary): `drop` (default) — it never leaves the extractor; `tokenise` — it is
   * replaced by its HMAC (`ssnToken`, digits only, EXTRACTOR_SSN_SECRET) before anything reaches Kafka,
   * and the normalizer carries the token into PatientNormalized.ssnToken. Never the SSN itself.
   */
  EXTRACTOR_SSN: z.enum(['drop', 'tokenise']).default('drop'),
  /** HMAC secret for EXTRACTOR_SSN=tokenise (≥16 chars; the same for every run of one migration, or tokens differ); never logged. */
  EXTRACTOR_SSN_SECRET: z.string().min(16).optional(),
  /**
   * A sample migration's scope file (`panda2zoho sample` writes it): only those patients and their
   * children pass; everything else is skipped, under the sample's own consumer group, so the full
   * migration later still reads every row. Debezium and CSV inputs only.
   */
  EXTRACTOR_SAMPLE_FILE: z.string().min(1).optional(),
  })
  .superRefine((cfg, ctx) => {
    if (cfg.EXTRACTOR_INPUT === 'change-tracking' && !cfg.MSSQL_URL) ctx.addIssue({ code: 'custom', path: ['MSSQL_URL'], message: 'required when EXTRACTOR_INPUT=change-tracking' });
    if (cfg.EXTRACTOR_SSN === 'tokenise' && !cfg.EXTRACTOR_SSN_SECRET) ctx.addIssue({ code: 'custom', path: ['EXTRACTOR_SSN_SECRET'], message: 'required when EXTRACTOR_SSN=tokenise' });
    if (cfg.EXTRACTOR_INPUT === 'change-tracking' && cfg.EXTRACTOR_SAMPLE_FILE) ctx.addIssue({ code: 'custom', path: ['EXTRACTOR_SAMPLE_FILE'], message: 'a sample needs the debezium or csv input (Change Tracking checkpoints would skip the rest of the practice)' });
    if (cfg.EXTRACTOR_INPUT === 'csv' && !cfg.CSV_EXPORT_DIR) ctx.addIssue({ code: 'custom', path: ['CSV_EXPORT_DIR'], message: 'required when EXTRACTOR_INPUT=csv' });
  });

export type ExtractorConfig = z.infer<typeof extractorConfigSchema>;
