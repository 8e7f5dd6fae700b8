import { z } from 'zod';

/** A comma-separated list, trimmed, empty entries dropped. */
export const csv = z
  .string()
  .transform((s) => s.split(',').map((part) => part.trim()).filter((part) => part.length > 0));

const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info');

/** true/false (also 1/0, yes/no), as env files write booleans. */
export const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], 'true or false')
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

/**
 * How to reach an existing, secured cluster: TLS (optionally with a private CA and a client certificate)
 * and SASL PLAIN or SCRAM. Which combinations make sense is checked by kafkaSecurityFrom(); values are
 * never echoed (ConfigError), and the password never reaches a log (kafka-client.ts logs no options).
 */
export const kafkaSecurityEnv = {
  KAFKA_SSL: flag.default(false),
  /** PEM file of the CA that signed the brokers' certificates; unset → the system's trusted CAs. */
  KAFKA_SSL_CA_FILE: z.string().min(1).optional(),
  /** PEM client certificate and key, for brokers that require mutual TLS. Both or neither. */
  KAFKA_SSL_CERT_FILE: z.string().min(1).optional(),
  KAFKA_SSL_KEY_FILE: z.string().min(1).optional(),
  /** Only for test clusters with self-signed certificates: false skips certificate verification. */
  KAFKA_SSL_REJECT_UNAUTHORIZED: flag.default(true),
  KAFKA_SASL_MECHANISM: z.enum(['plain', 'scram-sha-256', 'scram-sha-512'], 'plain, scram-sha-256 or scram-sha-512').optional(),
  KAFKA_SASL_USERNAME: z.string().min(1).optional(),
  KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
};

/** Settings every Kafka service reads. */
export const kafkaEnv = {
  KAFKA_BROKERS: csv.pipe(z.array(z.string().min(1)).min(1, 'needs at least one broker')),
  ...kafkaSecurityEnv,
  SCHEMA_REGISTRY_URL: z.url(),
  P2Z_TOPIC_NAMESPACE: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/, 'lower-case letters, digits and dashes, starting with a letter')
    .default('p2z'),
  P2Z_INSTANCE_ID: z.string().min(1).optional(),
  LOG_LEVEL: logLevel,
  /** How often the service polls its consumer groups' lag for /metrics (kafka_consumergroup_lag). */
  P2Z_LAG_POLL_MS: z.coerce.number().int().min(250).max(300_000).default(5_000),
};

/** The service's own /healthz /readyz /metrics listener. */
export const httpEnv = {
  HTTP_HOST: z.string().default('127.0.0.1'),
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(0),
};
