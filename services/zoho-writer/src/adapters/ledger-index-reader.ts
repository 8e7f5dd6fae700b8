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
   * Caught up = every partition read to its end offset as fetched at start. A partition whose tail is
   * a transaction marker (kafkajs hides markers) counts as read once its last record is within one
   * offset of the end, or after 3 s without any new record since the group was joined.
   */
  async start(timeoutMs = 60_000): Promise<void> {
    // Right after the topic is created its partitions may have no leader yet (retriable broker errors).
    const offsets = await fetchTopicOffsetsWhenAvailable(this.admin, this.topic);
    const remaining = new Map(offsets.filter((p) => BigInt(p.high) > BigInt(p.low)).map((p) => [p.partition, BigInt(p.high) - 2n]));
    const consumer = this.kafka.consumer({ groupId: this.groupId, readUncommitted: false, allowAutoTopicCreation: false, maxBytes: 20 * 1024 * 1024 });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topic: this.topic, fromBeginning: true });
    let lastProgress = Number.POSITIVE_INFINITY; // the idle clock starts when the group is joined
    let caughtUp: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (caughtUp = resolve));
    consumer.on(consumer.events.GROUP_JOIN, () => (lastProgress = Date.now()));
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        lastProgress = Date.now();
        if (message.value !== null) this.index.apply(await this.serde.decode('ZohoOperationRecorded', message.value));
        const last = remaining.get(partition);
        if (last !== undefined && BigInt(message.offset) >= last) remaining.delete(partition);
        if (remaining.size === 0) caughtUp();
      },
    });
    if (remaining.size === 0) return;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const settled = await Promise.race([done.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 250))]);
      if (settled || remaining.size === 0 || Date.now() - lastProgress > 3_000) return;
      if (Date.now() > deadline) throw new TransientError('LEDGER_UNREADABLE', `ledger not read to its end within ${timeoutMs} ms`);
    }
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    await this.admin.deleteGroups([this.groupId]).catch(() => undefined);
  }
}
