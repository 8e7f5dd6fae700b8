import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { Kafka, logLevel, type KafkaConfig, type LogEntry, type Producer } from 'kafkajs';
import { ConfigError, type KafkaSecurity } from '@panda2zoho/config';
import type { Logger } from '@panda2zoho/observability';

export interface KafkaConnection {
  brokers: string[];
  clientId: string;
  /** TLS and SASL for an existing secured cluster (kafkaSecurityFrom); absent → plaintext, as the local stack. */
  security?: KafkaSecurity;
}

function readPem(setting: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    // The path is configuration, not a secret; the file's content is never shown.
    throw new ConfigError([`${setting}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`]);
  }
}

/** kafkajs' ssl and sasl options from our settings; certificate files are read once, here. */
export function securityOptions(security: KafkaSecurity | undefined): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  const options: Pick<KafkaConfig, 'ssl' | 'sasl'> = {};
  if (security?.tls) {
    const tls: ConnectionOptions = { rejectUnauthorized: security.tls.rejectUnauthorized };
    if (security.tls.caFile) tls.ca = [readPem('KAFKA_SSL_CA_FILE', security.tls.caFile)];
    if (security.tls.certFile) tls.cert = readPem('KAFKA_SSL_CERT_FILE', security.tls.certFile);
    if (security.tls.keyFile) tls.key = readPem('KAFKA_SSL_KEY_FILE', security.tls.keyFile);
    options.ssl = tls;
  }
  if (security?.sasl) {
    const { mechanism, username, password } = security.sasl;
    // kafkajs' SASLOptions is a union with one member per mechanism; TypeScript needs the literal narrowed.
    switch (mechanism) {
      case 'plain':
        options.sasl = { mechanism, username, password };
        break;
      case 'scram-sha-256':
        options.sasl = { mechanism, username, password };
        break;
      case 'scram-sha-512':
        options.sasl = { mechanism, username, password };
        break;
    }
  }
  return options;
}

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/**
 * kafkajs behind our own logger; its chatty INFO becomes debug. Only a message, an error and a broker
 * address are passed on from kafkajs' log entries, never its options, so SASL credentials cannot leak.
 */
export function createKafka(connection: KafkaConnection, logger: Logger): Kafka {
  process.env['KAFKAJS_NO_PARTITIONER_WARNING'] = '1';
  const security = securityOptions(connection.security);
  if (security.sasl && !security.ssl) logger.warn({ mechanism: security.sasl.mechanism }, 'SASL without TLS: credentials and data cross the network in clear');
  return new Kafka({
    clientId: connection.clientId,
    brokers: connection.brokers,
    ...security,
    // At debug, kafkajs' INFO (group joins, assignments) is passed on as debug; otherwise warnings only.
    logLevel: logger.isLevelEnabled('debug') ? logLevel.INFO : logLevel.WARN,
    retry: { initialRetryTime: 300, retries: 8 },
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        const { message, ...extra } = log;
        const target = LEVELS[level] ?? 'info';
        // Coordinator-loading errors right after a broker start are retried by kafkajs itself.
        logger[target === 'info' ? 'debug' : target]({ kafkajs: extra.error ?? undefined, broker: extra['broker'] }, String(message));
      },
  });
}

/**
 * An idempotent producer (optionally transactional). kafkajs requires unlimited retries for
 * idempotence to hold, so a send waits out a broker outage rather than failing.
 */
export function idempotentProducer(kafka: Kafka, transactionalId?: string): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    retry: { retries: Number.MAX_SAFE_INTEGER, maxRetryTime: 30_000 },
    ...(transactionalId ? { transactionalId } : {}),
  });
}
