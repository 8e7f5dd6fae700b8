import { ConfigError } from './parse-config.ts';

export type SaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';

/** The parsed KAFKA_SSL* and KAFKA_SASL* settings (common-env.ts, kafkaSecurityEnv). */
export interface KafkaSecurityEnv {
  KAFKA_SSL?: boolean | undefined;
  KAFKA_SSL_CA_FILE?: string | undefined;
  KAFKA_SSL_CERT_FILE?: string | undefined;
  KAFKA_SSL_KEY_FILE?: string | undefined;
  KAFKA_SSL_REJECT_UNAUTHORIZED?: boolean | undefined;
  KAFKA_SASL_MECHANISM?: SaslMechanism | undefined;
  KAFKA_SASL_USERNAME?: string | undefined;
  KAFKA_SASL_PASSWORD?: string | undefined;
}

/** How a client connects: absent parts mean plaintext and no authentication. */
export interface KafkaSecurity {
  tls?: { caFile?: string; certFile?: string; keyFile?: string; rejectUnauthorized: boolean };
  sasl?: { mechanism: SaslMechanism; username: string; password: string };
}

/**
 * The combinations zod cannot see one field at a time: a SASL mechanism needs a username and a password
 * (and credentials need a mechanism); certificate files need KAFKA_SSL=true; a client certificate needs
 * its key. Throws a ConfigError naming every problem, never a value.
 */
export function kafkaSecurityFrom(env: KafkaSecurityEnv): KafkaSecurity {
  const problems: string[] = [];
  const ssl = env.KAFKA_SSL ?? false;
  for (const name of ['KAFKA_SSL_CA_FILE', 'KAFKA_SSL_CERT_FILE', 'KAFKA_SSL_KEY_FILE'] as const) {
    if (env[name] !== undefined && !ssl) problems.push(`${name}: only used with KAFKA_SSL=true`);
  }
  if ((env.KAFKA_SSL_CERT_FILE === undefined) !== (env.KAFKA_SSL_KEY_FILE === undefined)) {
    problems.push('KAFKA_SSL_CERT_FILE: a client certificate needs KAFKA_SSL_KEY_FILE too (both or neither)');
  }
  const mechanism = env.KAFKA_SASL_MECHANISM;
  if (mechanism) {
    if (!env.KAFKA_SASL_USERNAME) problems.push(`KAFKA_SASL_USERNAME: required with KAFKA_SASL_MECHANISM=${mechanism}`);
    if (!env.KAFKA_SASL_PASSWORD) problems.push(`KAFKA_SASL_PASSWORD: required with KAFKA_SASL_MECHANISM=${mechanism}`);
  } else if (env.KAFKA_SASL_USERNAME || env.KAFKA_SASL_PASSWORD) {
    problems.push('KAFKA_SASL_MECHANISM: set it (plain, scram-sha-256 or scram-sha-512) to use the SASL username and password');
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const security: KafkaSecurity = {};
  if (ssl) {
    security.tls = { rejectUnauthorized: env.KAFKA_SSL_REJECT_UNAUTHORIZED ?? true };
    if (env.KAFKA_SSL_CA_FILE) security.tls.caFile = env.KAFKA_SSL_CA_FILE;
    if (env.KAFKA_SSL_CERT_FILE && env.KAFKA_SSL_KEY_FILE) {
      security.tls.certFile = env.KAFKA_SSL_CERT_FILE;
      security.tls.keyFile = env.KAFKA_SSL_KEY_FILE;
    }
  }
  if (mechanism && env.KAFKA_SASL_USERNAME && env.KAFKA_SASL_PASSWORD) {
    security.sasl = { mechanism, username: env.KAFKA_SASL_USERNAME, password: env.KAFKA_SASL_PASSWORD };
  }
  return security;
}
