import { randomUUID } from 'node:crypto';
import type { Admin, Consumer, Kafka } from 'kafkajs';
import type { EventSerde } from '@panda2zoho/events';
import { TransientError, fetchTopicOffsetsWhenAvailable } from '@panda2zoho/kafka';
import type { IdIndex } from '../domain/id-index.ts';

/**
 * Folds the ledger topic into the IdIndex: from the beginning at start (resolves once caught up),
 * then tails it, so records written by another writer instance are found too. Read-committed: an
 * outcome counts only once its transaction committed. A throw-away group that never commits.
 */
export class LedgerIndexReader {
  private consumer: Consumer | undefined;
  private readonly groupId: string;

  constructor(
    private readonly kafka: Kafka,
    private readonly admin: Admin,
    private readonly serde: EventSerde,
    private readonly topic: string,
    private readonly index: IdIndex,
  ) {
    this.groupId = `${topic}.index.${randomUUID()}`;
  }

  /**
   * Caught up = every partition read to its end offset as fetched at start, judged when kafkajs ends a
   * batch (its last offset counts transaction markers, which it hides from the messages), so every
   * record up to the end is in the index before recovery looks at the open intents. (Judging by the
   * last record seen raced: an intent at the very end, the usual tail after a crash, could be applied
   * after recovery had run, and its call was then made twice.) Safety net: 10 s without any batch
   * since the group was joined.
   */
  async start(timeoutMs = 60_000): Promise<void> {
    // Right after the topic is created its partitions may have no leader yet (retriable broker errors).
    const offsets = await fetchTopicOffsetsWhenAvailable(this.admin, this.topic);
    const remaining = new Map(offsets.filter((p) => BigInt(p.high) > BigInt(p.low)).map((p) => [p.partition, BigInt(p.high) - 1n]));
    const consumer = this.kafka.consumer({ groupId: this.groupId, readUncommitted: false, allowAutoTopicCreation: false, maxBytes: 20 * 1024 * 1024 });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topic: this.topic, fromBeginning: true });
    let lastProgress = Number.POSITIVE_INFINITY; // the idle clock starts when the group is joined
    let caughtUp: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (caughtUp = resolve));
    consumer.on(consumer.events.GROUP_JOIN, () => (lastProgress = Date.now()));
    // Emitted after the batch's messages were applied, and for batches of markers only.
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      lastProgress = Date.now();
      const last = remaining.get(payload.partition);
      if (last !== undefined && BigInt(payload.lastOffset) >= last) remaining.delete(payload.partition);
      if (remaining.size === 0) caughtUp();
    });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ message }) => {
        lastProgress = Date.now();
        if (message.value !== null) this.index.apply(await this.serde.decode('ZohoOperationRecorded', message.value));
      },
    });
    if (remaining.size === 0) return;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const settled = await Promise.race([done.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 250))]);
      if (settled || remaining.size === 0 || Date.now() - lastProgress > 10_000) return;
      if (Date.now() > deadline) throw new TransientError('LEDGER_UNREADABLE', `ledger not read to its end within ${timeoutMs} ms`);
    }
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    await this.admin.deleteGroups([this.groupId]).catch(() => undefined);
  }
}
