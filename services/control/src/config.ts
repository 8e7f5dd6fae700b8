import { csv, flag, httpEnv, kafkaEnv } from '@panda2zoho/config';
import { z } from 'zod';

export const controlConfigSchema = z.object({
  ...kafkaEnv,
  ...httpEnv,
  /** The operator token every page and action requires (≥ 16 characters; `openssl rand -base64 24`). Never logged. */
  P2Z_OPERATOR_TOKEN: z.string().min(16, 'at least 16 characters'),
  /** Marks the session cookie Secure: set it when a TLS proxy fronts the console. */
  P2Z_CONSOLE_SECURE_COOKIE: flag.default(false),
  /** How long a console login lasts. */
  P2Z_CONSOLE_SESSION_HOURS: z.coerce.number().positive().max(24 * 7).default(12),
  /** Ops base URLs of the pipeline services (e.g. http://127.0.0.1:18101,…): the progress page reads their /metrics. */
  P2Z_CONTROL_METRICS_URLS: csv.default([]),
  /** The reconciler's ops base URL (e.g. http://127.0.0.1:18105; empty or unset: not read): the progress page reads its GET /status (counts per entity and location, lag per stage; Kafka only, no Zoho call). */
  P2Z_CONTROL_RECONCILER_URL: z.url().or(z.literal('')).optional(),
});

export type ControlConfig = z.infer<typeof controlConfigSchema>;
