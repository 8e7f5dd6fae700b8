import { z } from 'zod';

/** A comma-separated list, trimmed, empty entries dropped. */
export const csv = z
  .string()
  .transform((s) => s.split(',').map((part) => part.trim()).filter((part) => part.length > 0));

const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info');

/** Settings every Kafka service reads. */
export const kafkaEnv = {
  KAFKA_BROKERS: csv.pipe(z.array(z.string().min(1)).min(1, 'needs at least one broker')),
  SCHEMA_REGISTRY_URL: z.url(),
  P2Z_TOPIC_NAMESPACE: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/, 'lower-case letters, digits and dashes, starting with a letter')
    .default('p2z'),
  P2Z_INSTANCE_ID: z.string().min(1).optional(),
  LOG_LEVEL: logLevel,
};

/** The service's own /healthz /readyz /metrics listener. */
export const httpEnv = {
  HTTP_HOST: z.string().default('127.0.0.1'),
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(0),
};
