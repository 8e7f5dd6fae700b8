import { randomUUID } from 'node:crypto';
import type { Consumer, Kafka } from 'kafkajs';
import { fetchTopicOffsetsWhenAvailable } from '@panda2zoho/kafka';

export interface FollowedRecord {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
}

export interface TopicFollowerOptions {
  kafka: Kafka;
  topics: string[];
  /** A private group per follower (never committed): every start reads from the beginning. */
  groupPrefix: string;
  /** Called in log order per partition; a throw is retried by kafkajs (transient), so handle permanent problems inside. */
  onRecord: (record: FollowedRecord) => Promise<void> | void;
  /** Give up waiting for the end of the topics after this long (default 60 s). */
  readyTimeoutMs?: number;
}

export interface TopicFollower {
  /** Resolves once every record that existed at start has been handled. */
  ready: Promise<void>;
  isReady(): boolean;
  stop(): Promise<void>;
}

/**
 * Reads topics from the beginning to their end as it was at start, then keeps following them: a
 * read model (the mapping gate, the console's pages). Never commits, so a restart re-reads everything.
 * `ready` is exact for topics written without transactions (the control topics); on a transactional
 * topic the final commit marker is never handed out, so readers of those must not wait on `ready`.
 */
export async function followTopics(options: TopicFollowerOptions): Promise<TopicFollower> {
  const admin = options.kafka.admin();
  await admin.connect();
  // What "the end" is at start: the high watermark of each partition.
  const pending = new Map<string, bigint>();
  try {
    for (const topic of options.topics) {
      for (const p of await fetchTopicOffsetsWhenAvailable(admin, topic)) {
        if (BigInt(p.high) > BigInt(p.low)) pending.set(`${topic}/${p.partition}`, BigInt(p.high));
      }
    }
  } finally {
    await admin.disconnect();
  }
  let readyNow = pending.size === 0;
  let markReady: () => void = () => {};
  let failReady: (error: Error) => void = () => {};
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    failReady = reject;
  });
  if (readyNow) markReady();

  const consumer: Consumer = options.kafka.consumer({ groupId: `${options.groupPrefix}.${randomUUID()}`, readUncommitted: false });
  await consumer.connect();
  for (const topic of options.topics) await consumer.subscribe({ topic, fromBeginning: true });
  const timer = setTimeout(() => {
    if (!readyNow) failReady(new Error(`did not reach the end of ${options.topics.join(', ')} within ${options.readyTimeoutMs ?? 60_000} ms`));
  }, options.readyTimeoutMs ?? 60_000);
  timer.unref();
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch, heartbeat }) => {
      for (const m of batch.messages) {
        await options.onRecord({ topic: batch.topic, partition: batch.partition, offset: m.offset, key: m.key, value: m.value });
        const id = `${batch.topic}/${batch.partition}`;
        const end = pending.get(id);
        if (end !== undefined && BigInt(m.offset) + 1n >= end) pending.delete(id);
      }
      if (!readyNow && pending.size === 0) {
        readyNow = true;
        clearTimeout(timer);
        markReady();
      }
      await heartbeat();
    },
  });
  return {
    ready,
    isReady: () => readyNow,
    stop: async () => {
      clearTimeout(timer);
      await consumer.disconnect();
    },
  };
}
