import { Kafka, logLevel, type LogEntry, type Producer } from 'kafkajs';
import type { Logger } from '@panda2zoho/observability';

export interface KafkaConnection {
  brokers: string[];
  clientId: string;
}

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** kafkajs behind our own logger; its chatty INFO becomes debug. */
export function createKafka(connection: KafkaConnection, logger: Logger): Kafka {
  process.env['KAFKAJS_NO_PARTITIONER_WARNING'] = '1';
  return new Kafka({
    clientId: connection.clientId,
    brokers: connection.brokers,
    logLevel: logLevel.WARN,
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
