import type { Consumer, EachBatchPayload, Kafka, KafkaMessage, Message, PartitionAssigner, Producer } from 'kafkajs';
import type { Logger, Metrics, RecordOutcome } from '@panda2zoho/observability';
import { ConsumerProgress } from './consumer-progress.ts';
import { toDeadLetter } from './dead-letter.ts';
import { idempotentProducer } from './kafka-client.ts';
import { isTransient } from './errors.ts';
import { DEFAULT_MAX_RECORD_BYTES, guardRecordSize, slicesByBytes, type BatchHandler, type InboundMessage, type OutboundRecord, type Outcome } from './messages.ts';
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from './retry.ts';
import { entityOfTopic } from './topic-entity.ts';

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
  /** Messages handed to the handler at once (the writer uses Zoho's 100-record limit, or a Bulk Write job's size). */
  chunkSize?: number;
  /** Fetch sizes (kafkajs defaults 1 MiB a partition, 10 MiB a fetch): raise them for chunks of thousands of records. */
  maxBytesPerPartition?: number;
  maxBytes?: number;
  /**
   * 'transactional': outputs, dead letters and the consumed offsets commit in one Kafka transaction
   * (consume-transform-produce is exactly-once inside Kafka; side effects outside Kafka are
   * at-least-once and must be idempotent). 'never': a read model rebuilt from the beginning at every
   * start (the reconciler); handlers may only skip.
   */
  commit?: 'transactional' | 'never';
  fromBeginning?: boolean;
  retry?: RetryPolicy;
  /** Largest output record (key + value + headers); a bigger one is dead-lettered as RECORD_TOO_LARGE. Default DEFAULT_MAX_RECORD_BYTES. */
  maxRecordBytes?: number;
  now?: () => Date;
  /** Group assignment strategy (default kafkajs round robin); `coPartitionedAssigner` keeps partition N of every topic on one member. */
  partitionAssigners?: PartitionAssigner[];
  /** Called on every group join with this member's assignment (topic → partitions): state kept per partition is reloaded from here. */
  onGroupJoin?: (assignment: Record<string, number[]>) => void;
}

export interface RunningConsumer {
  /** Resolves on a clean stop; rejects when the runtime gave up (a bug, or a transient error that outlasted its retries). */
  done: Promise<void>;
  stop(): Promise<void>;
  isReady(): boolean;
  /** Group, topics and per-partition position: what the lag monitor reads. */
  progress: ConsumerProgress;
}

const OUTCOME_LABEL: Record<Outcome['kind'], RecordOutcome> = { emit: 'ok', skip: 'skipped', 'dead-letter': 'dead-lettered' };

/** Runs async steps one at a time: a Kafka producer holds one transaction at once. */
function serializer(): <T>(step: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return (step) => {
    const run = tail.then(step);
    tail = run.catch(() => undefined);
    return run;
  };
}

function toInbound(topic: string, partition: number, m: KafkaMessage): InboundMessage {
  return { topic, partition, offset: m.offset, key: m.key ?? null, value: m.value ?? null, headers: m.headers ?? {}, timestamp: m.timestamp };
}

/** How often a long-running handler's membership is kept alive (well under kafkajs' 30 s session timeout). */
const HANDLER_HEARTBEAT_MS = 3_000;

/** Output bytes sent in one request of a transaction (well under the broker's 1 MiB batch limit). */
const SEND_SLICE_BYTES = 512 * 1024;

function groupByTopic(records: OutboundRecord[]): Array<{ topic: string; messages: Message[] }> {
  const byTopic = new Map<string, Message[]>();
  for (const r of records) {
    const list = byTopic.get(r.topic) ?? [];
    list.push({ key: r.key, value: r.value, ...(r.headers ? { headers: r.headers } : {}), ...(r.partition !== undefined ? { partition: r.partition } : {}) });
    byTopic.set(r.topic, list);
  }
  return [...byTopic.entries()].map(([topic, messages]) => ({ topic, messages }));
}

export async function startConsumer(options: ConsumerRuntimeOptions): Promise<RunningConsumer> {
  const { kafka, logger, metrics, service } = options;
  const chunkSize = options.chunkSize ?? 100;
  const maxRecordBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  const mode = options.commit ?? 'transactional';
  const now = options.now ?? (() => new Date());
  const retry = options.retry ?? DEFAULT_RETRY;

  let stopping = false;
  let gaveUp = false;
  const consumer: Consumer = kafka.consumer({
    groupId: options.groupId,
    readUncommitted: false,
    allowAutoTopicCreation: false,
    ...(options.partitionAssigners ? { partitionAssigners: options.partitionAssigners } : {}),
    ...(options.maxBytesPerPartition ? { maxBytesPerPartition: options.maxBytesPerPartition } : {}),
    ...(options.maxBytes ? { maxBytes: options.maxBytes } : {}),
  });
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
  const progress = new ConsumerProgress(options.groupId, options.topics, mode === 'transactional');
  const serialized = serializer();
  consumer.on(consumer.events.GROUP_JOIN, (event) => {
    progress.assigned(event.payload.memberAssignment);
    options.onGroupJoin?.(event.payload.memberAssignment);
    ready = true;
  });

  const recordsFor = (chunk: InboundMessage[], outcomes: Outcome[]): OutboundRecord[] => {
    if (outcomes.length !== chunk.length) throw new Error(`handler returned ${outcomes.length} outcomes for ${chunk.length} messages`);
    return outcomes.flatMap((handled, i) => {
      const message = chunk[i]!;
      const outcome = guardRecordSize(handled, maxRecordBytes);
      const entity = entityOfTopic(message.topic);
      metrics.recordsOut.inc({ topic: message.topic, entity, outcome: OUTCOME_LABEL[outcome.kind] });
      switch (outcome.kind) {
        case 'emit':
          if (mode === 'never') throw new Error('a never-committing consumer cannot emit');
          return outcome.records;
        case 'skip':
          return [];
        case 'dead-letter':
          metrics.deadLetters.inc({ entity, code: outcome.code });
          logger.warn({ code: outcome.code, reason: outcome.reason, topic: message.topic, partition: message.partition, offset: message.offset }, 'dead-lettered');
          return [...(outcome.records ?? []), toDeadLetter(message, outcome, { deadLetterTopic: options.deadLetterTopic, service, now })];
      }
    });
  };

  const commitOnce = async (records: OutboundRecord[], topic: string, partition: number, nextOffset: string): Promise<void> => {
    const txn = await producer!.transaction();
    try {
      // Several requests when the chunk's outputs are large: one request's batch for a partition must stay
      // under the broker's message.max.bytes (1 MiB by default), e.g. the ledger outcomes of a Bulk Write chunk.
      for (const slice of slicesByBytes(records, SEND_SLICE_BYTES)) await txn.sendBatch({ topicMessages: groupByTopic(slice) });
      await txn.sendOffsets({ consumerGroupId: options.groupId, topics: [{ topic, partitions: [{ partition, offset: nextOffset }] }] });
      await txn.commit();
    } catch (error) {
      await txn.abort().catch(() => undefined);
      throw error;
    }
  };

  /**
   * The broker finishes a committed transaction (its markers) after EndTxn has answered; a transaction
   * started right after it fails on its first request with CONCURRENT_TRANSACTIONS, which kafkajs does
   * not retry there (the Java client does). Nothing was registered yet, so the abort is local and the
   * same transaction is simply started again.
   */
  const commitChunk = async (records: OutboundRecord[], topic: string, partition: number, nextOffset: string): Promise<void> => {
    if (!producer) return;
    for (let attempt = 0; ; attempt++) {
      try {
        return await commitOnce(records, topic, partition, nextOffset);
      } catch (error) {
        // After a crashed predecessor (same transactional id) the broker first aborts its open transaction: allow ~30 s.
        if ((error as { type?: string }).type !== 'CONCURRENT_TRANSACTIONS' || attempt >= 70) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.min(500, 20 * 2 ** attempt)));
      }
    }
  };

  const observeAges = (chunk: InboundMessage[]) => {
    const nowMs = now().getTime();
    const entity = entityOfTopic(chunk[0]!.topic);
    for (const m of chunk) metrics.recordAgeSeconds.observe({ stage: service, entity }, Math.max(0, nowMs - Number(m.timestamp)) / 1000);
  };

  /**
   * A fetch that holds only transaction markers or aborted records (after a restart, or when a fetch
   * ended right before a marker) never reaches eachBatch: kafkajs moves its own position past them but,
   * with autoCommit off, commits nothing, so the group would show a lag it does not have. Commit past
   * them too: nothing is produced for them; serialized with the chunk commits; never moves back.
   */
  const skipPastFiltered = async (topic: string, partition: number, lastOffset: string): Promise<void> => {
    const next = BigInt(lastOffset) + 1n;
    await serialized(async () => {
      const known = progress.get(topic, partition)?.nextOffset;
      if (stopping || (known !== undefined && next <= known)) return;
      if (mode === 'transactional') await commitChunk([], topic, partition, next.toString());
      progress.advanced(topic, partition, next);
    });
  };
  consumer.on(consumer.events.END_BATCH_PROCESS, (event) => {
    const { topic, partition, batchSize, lastOffset } = event.payload;
    if (batchSize > 0) return;
    skipPastFiltered(topic, partition, String(lastOffset)).catch((error: unknown) => {
      // Not fatal: the next chunk's commit moves past them anyway; only the lag reads too high meanwhile.
      logger.warn({ err: error, topic, partition }, 'could not commit past filtered records');
    });
  });

  const eachBatch = async ({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> => {
    for (let start = 0; start < batch.messages.length; start += chunkSize) {
      if (!isRunning() || isStale()) return;
      const chunk = batch.messages.slice(start, start + chunkSize).map((m) => toInbound(batch.topic, batch.partition, m));
      progress.pending(batch.topic, batch.partition, Number(chunk[0]!.timestamp));
      metrics.recordsIn.inc({ topic: batch.topic, entity: entityOfTopic(batch.topic) }, chunk.length);
      const timer = metrics.handleSeconds.startTimer({ stage: service });
      const onRetry = (error: unknown, attempt: number, delayMs: number) => {
        logger.warn({ err: error, attempt, delayMs }, 'transient failure, retrying');
        void heartbeat().catch(() => undefined);
      };
      const context = { heartbeat: () => heartbeat().catch(() => undefined) };
      // Keep the membership alive however long the handler takes (a Zoho call that times out, a retry's
      // backoff): without heartbeats past the session timeout the group drops this member, and the
      // commit that follows fails on UNKNOWN_MEMBER_ID after the work was done. kafkajs sends at most
      // one heartbeat per heartbeatInterval, so the timer costs nothing when the handler is quick.
      const keepAlive = setInterval(() => void context.heartbeat(), HANDLER_HEARTBEAT_MS);
      let outcomes: Outcome[];
      try {
        outcomes = await withRetry(() => options.handler(chunk, context), { policy: retry, onRetry });
      } finally {
        clearInterval(keepAlive);
      }
      const records = recordsFor(chunk, outcomes);
      const last = chunk[chunk.length - 1]!;
      // The batch's last offset counts the transaction markers that close it (kafkajs filters them out of
      // batch.messages and moves its own position past them). Committing past them after the last chunk
      // is what lets a drained group show a lag of exactly 0 on a transactional topic.
      const isLastChunk = start + chunkSize >= batch.messages.length;
      const nextOffset = ((isLastChunk ? BigInt(batch.lastOffset()) : BigInt(last.offset)) + 1n).toString();
      await serialized(() => commitChunk(records, batch.topic, batch.partition, nextOffset));
      timer();
      logger.debug({ topic: batch.topic, partition: batch.partition, from: chunk[0]!.offset, to: last.offset, records: chunk.length, produced: records.length }, 'chunk committed');
      observeAges(chunk);
      progress.advanced(batch.topic, batch.partition, BigInt(nextOffset));
      const following = batch.messages[start + chunkSize];
      progress.pending(batch.topic, batch.partition, following ? Number(following.timestamp) : undefined);
      resolveOffset(last.offset);
      await heartbeat();
    }
  };

  const fail = (error: unknown) => {
    ready = false;
    settle?.reject(error);
  };
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: 1,
    eachBatch: async (payload) => {
      // Given up: kafkajs delivers the batch again while the process shuts down. A crash handles nothing
      // more (a handler's side effects outside Kafka would run again, and its in-memory state is suspect).
      if (gaveUp) {
        payload.pause();
        return;
      }
      try {
        await eachBatch(payload);
      } catch (error) {
        // kafkajs would re-deliver the batch forever; a bug or exhausted retries must stop the process.
        if (!stopping) {
          logger.error({ err: error, transient: isTransient(error) }, 'consumer runtime giving up');
          gaveUp = true;
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
    progress,
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
