import { randomUUID } from 'node:crypto';
import type { Admin, Consumer, Kafka } from 'kafkajs';
import type { EventSerde, ZohoOperationRecorded } from '@panda2zoho/events';

/**
 * Topics read from the beginning, read-committed, to their end as it was at start, then tailed: a
 * throw-away group that never commits. Per partition, records arrive in order.
 */
export class TopicTail<T> {
  readonly entries: T[] = [];
  private consumer: Consumer | undefined;
  private readonly groupId = `p2z-cli-${randomUUID()}`;
  private lastArrival = Date.now();
  private readonly seen = new Map<string, bigint>();

  constructor(
    private readonly kafka: Kafka,
    private readonly admin: Admin,
    private readonly topics: string[],
    private readonly decode: (topic: string, value: Buffer, key: Buffer | null) => Promise<T | null>,
  ) {}

  /** Resolves once every partition was read to its end as it was at start. */
  async start(timeoutMs = 120_000): Promise<void> {
    const existing = new Set(await this.admin.listTopics());
    const topics = this.topics.filter((t) => existing.has(t));
    if (topics.length === 0) return;
    const ends = (await Promise.all(topics.map(async (topic) => (await this.admin.fetchTopicOffsets(topic)).map((p) => ({ id: `${topic}#${p.partition}`, high: BigInt(p.high), low: BigInt(p.low) })))))
      .flat()
      .filter((p) => p.high > p.low);
    this.consumer = this.kafka.consumer({ groupId: this.groupId, readUncommitted: false, allowAutoTopicCreation: false, maxBytes: 20 * 1024 * 1024 });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) => {
        if (message.value !== null) {
          const decoded = await this.decode(topic, message.value, message.key);
          if (decoded !== null) this.entries.push(decoded);
        }
        this.seen.set(`${topic}#${partition}`, BigInt(message.offset));
        this.lastArrival = Date.now();
      },
    });
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const idle = Date.now() - this.lastArrival;
      // The last offset of a partition may be a transaction marker (never delivered): one short of the end, once idle, is the end.
      const behind = ends.filter(({ id, high }) => {
        const at = this.seen.get(id);
        return at === undefined || (at < high - 1n && !(at >= high - 2n && idle > 1_000));
      });
      if (behind.length === 0 || idle > 5_000) return;
      if (Date.now() > deadline) throw new Error(`${topics.join(', ')} not read to the end within ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    await this.admin.deleteGroups([this.groupId]).catch(() => undefined);
  }
}

/**
 * The writer's ledger as the rollback reads it: from the beginning, read-committed (an outcome counts
 * once its transaction committed), then tailed so the compensations' outcomes arrive as the writer
 * records them. A throw-away group that never commits. Per partition the order is the ledger's order
 * (one record's entries share a partition: the ledger is keyed by recordKey).
 */
export class LedgerTail extends TopicTail<ZohoOperationRecorded> {
  constructor(kafka: Kafka, admin: Admin, serde: EventSerde, topic: string) {
    super(kafka, admin, [topic], (_topic, value) => serde.decode('ZohoOperationRecorded', value));
  }
}
