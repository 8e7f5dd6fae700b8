import type { Consumer, EachBatchPayload, Kafka, KafkaMessage, Message, Producer } from 'kafkajs';
import type { Logger, Metrics } from '@panda2zoho/observability';
import { toDeadLetter } from './dead-letter.ts';
import { idempotentProducer } from './kafka-client.ts';
import { isTransient } from './errors.ts';
import type { BatchHandler, InboundMessage, OutboundRecord, Outcome } from './messages.ts';
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from './retry.ts';

export interface ConsumerRuntimeOptions {
  kafka: Kafka;
  service: string;
  groupId: string;
  topics: string[];
  handler: BatchHandler;
  deadLetterTopic: string;
  /** Stable per instance: fences a zombie of the same instance after a restart. */
  transactionalId: string;
  logger: Logger;
  metrics: Metrics;
  /** Messages handed to the handler at once (the writer uses Zoho's 100-record limit). */
  chunkSize?: number;
  /**
   * 'transactional': outputs, dead letters and the consumed offsets commit in one Kafka transaction
   * (consume-transform-produce is exactly-once inside Kafka; side effects outside Kafka are
   * at-least-once and must be idempotent). 'never': a read model rebuilt from the beginning at every
   * start (the reconciler); handlers may only skip.
   */
  commit?: 'transactional' | 'never';
  fromBeginning?: boolean;
  retry?: RetryPolicy;
  now?: () => Date;
}

export interface RunningConsumer {
  /** Resolves on a clean stop; rejects when the runtime gave up (a bug, or a transient error that outlasted its retries). */
  done: Promise<void>;
  stop(): Promise<void>;
  isReady(): boolean;
}

function toInbound(topic: string, partition: number, m: KafkaMessage): InboundMessage {
  return { topic, partition, offset: m.offset, key: m.key ?? null, value: m.value ?? null, headers: m.headers ?? {}, timestamp: m.timestamp };
}

function groupByTopic(records: OutboundRecord[]): Array<{ topic: string; messages: Message[] }> {
  const byTopic = new Map<string, Message[]>();
  for (const r of records) {
    const list = byTopic.get(r.topic) ?? [];
    list.push({ key: r.key, value: r.value, ...(r.headers ? { headers: r.headers } : {}) });
    byTopic.set(r.topic, list);
  }
  return [...byTopic.entries()].map(([topic, messages]) => ({ topic, messages }));
}

export async function startConsumer(options: ConsumerRuntimeOptions): Promise<RunningConsumer> {
  const { kafka, logger, metrics, service } = options;
  const chunkSize = options.chunkSize ?? 100;
  const mode = options.commit ?? 'transactional';
  const now = options.now ?? (() => new Date());
  const retry = options.retry ?? DEFAULT_RETRY;

  const consumer: Consumer = kafka.consumer({ groupId: options.groupId, readUncommitted: false, allowAutoTopicCreation: false });
  let producer: Producer | undefined;
  if (mode === 'transactional') {
    producer = idempotentProducer(kafka, options.transactionalId);
    await producer.connect();
  }
  await consumer.connect();
  for (const topic of options.topics) await consumer.subscribe({ topic, fromBeginning: options.fromBeginning ?? true });

  let ready = false;
  let settle: { resolve: () => void; reject: (e: unknown) => void } | undefined;
  const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  consumer.on(consumer.events.GROUP_JOIN, () => (ready = true));

  const recordsFor = (chunk: InboundMessage[], outcomes: Outcome[]): OutboundRecord[] => {
    if (outcomes.length !== chunk.length) throw new Error(`handler returned ${outcomes.length} outcomes for ${chunk.length} messages`);
    return outcomes.flatMap((outcome, i) => {
      const message = chunk[i]!;
      metrics.recordsOut.inc({ topic: message.topic, outcome: outcome.kind });
      switch (outcome.kind) {
        case 'emit':
          if (mode === 'never') throw new Error('a never-committing consumer cannot emit');
          return outcome.records;
        case 'skip':
          return [];
        case 'dead-letter':
          metrics.deadLetters.inc({ code: outcome.code });
          logger.warn({ code: outcome.code, reason: outcome.reason, topic: message.topic, partition: message.partition, offset: message.offset }, 'dead-lettered');
          return [...(outcome.records ?? []), toDeadLetter(message, outcome, { deadLetterTopic: options.deadLetterTopic, service, now })];
      }
    });
  };

  const commitChunk = async (records: OutboundRecord[], topic: string, partition: number, nextOffset: string): Promise<void> => {
    if (!producer) return;
    const txn = await producer.transaction();
    try {
      if (records.length > 0) await txn.sendBatch({ topicMessages: groupByTopic(records) });
      await txn.sendOffsets({ consumerGroupId: options.groupId, topics: [{ topic, partitions: [{ partition, offset: nextOffset }] }] });
      await txn.commit();
    } catch (error) {
      await txn.abort().catch(() => undefined);
      throw error;
    }
  };

  const eachBatch = async ({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> => {
    for (let start = 0; start < batch.messages.length; start += chunkSize) {
      if (!isRunning() || isStale()) return;
      const chunk = batch.messages.slice(start, start + chunkSize).map((m) => toInbound(batch.topic, batch.partition, m));
      metrics.recordsIn.inc({ topic: batch.topic }, chunk.length);
      const timer = metrics.handleSeconds.startTimer({ stage: service });
      const onRetry = (error: unknown, attempt: number, delayMs: number) => {
        logger.warn({ err: error, attempt, delayMs }, 'transient failure, retrying');
        void heartbeat().catch(() => undefined);
      };
      const outcomes = await withRetry(() => options.handler(chunk), { policy: retry, onRetry });
      const records = recordsFor(chunk, outcomes);
      const last = chunk[chunk.length - 1]!;
      const nextOffset = (BigInt(last.offset) + 1n).toString();
      await commitChunk(records, batch.topic, batch.partition, nextOffset);
      timer();
      resolveOffset(last.offset);
      await heartbeat();
    }
  };

  let stopping = false;
  const fail = (error: unknown) => {
    ready = false;
    settle?.reject(error);
  };
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: 1,
    eachBatch: async (payload) => {
      try {
        await eachBatch(payload);
      } catch (error) {
        // kafkajs would re-deliver the batch forever; a bug or exhausted retries must stop the process.
        if (!stopping) {
          logger.error({ err: error, transient: isTransient(error) }, 'consumer runtime giving up');
          fail(error);
        }
        throw error;
      }
    },
  });
  consumer.on(consumer.events.CRASH, (event) => {
    if (!event.payload.restart && !stopping) fail(event.payload.error);
  });

  return {
    done,
    isReady: () => ready,
    stop: async () => {
      stopping = true;
      ready = false;
      await consumer.disconnect();
      await producer?.disconnect();
      settle?.resolve();
    },
  };
}
