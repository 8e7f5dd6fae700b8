import { randomUUID } from 'node:crypto';
import type { Admin, Consumer, Kafka } from 'kafkajs';
import type { EventSerde, ZohoOperationRecorded } from '@panda2zoho/events';

/**
 * The writer's ledger as the rollback reads it: from the beginning, read-committed (an outcome counts
 * once its transaction committed), then tailed so the compensations' outcomes arrive as the writer
 * records them. A throw-away group that never commits. Per partition the order is the ledger's order
 * (one record's entries share a partition: the ledger is keyed by recordKey).
 */
export class LedgerTail {
  readonly entries: ZohoOperationRecorded[] = [];
  private consumer: Consumer | undefined;
  private readonly groupId = `p2z-rollback-${randomUUID()}`;
  private lastArrival = Date.now();
  private readonly seen = new Map<number, bigint>();

  constructor(
    private readonly kafka: Kafka,
    private readonly admin: Admin,
    private readonly serde: EventSerde,
    private readonly topic: string,
  ) {}

  /** Resolves once every partition was read to its end as it was at start. */
  async start(timeoutMs = 120_000): Promise<void> {
    const ends = (await this.admin.fetchTopicOffsets(this.topic)).filter((p) => BigInt(p.high) > BigInt(p.low)).map((p) => ({ partition: p.partition, high: BigInt(p.high) }));
    this.consumer = this.kafka.consumer({ groupId: this.groupId, readUncommitted: false, allowAutoTopicCreation: false, maxBytes: 20 * 1024 * 1024 });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        if (message.value !== null) this.entries.push(await this.serde.decode('ZohoOperationRecorded', message.value));
        this.seen.set(partition, BigInt(message.offset));
        this.lastArrival = Date.now();
      },
    });
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const idle = Date.now() - this.lastArrival;
      // The last offset of a partition may be a transaction marker (never delivered): one short of the end, once idle, is the end.
      const behind = ends.filter(({ partition, high }) => {
        const at = this.seen.get(partition);
        return at === undefined || (at < high - 1n && !(at >= high - 2n && idle > 1_000));
      });
      if (behind.length === 0 || idle > 5_000) return;
      if (Date.now() > deadline) throw new Error(`the ledger ${this.topic} was not read to its end within ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    await this.admin.deleteGroups([this.groupId]).catch(() => undefined);
  }
}
