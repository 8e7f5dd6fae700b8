import type { Kafka, Producer } from 'kafkajs';
import type { EventSerde, ZohoOperationRecorded } from '@panda2zoho/events';
import { idempotentProducer, slicesByBytes, type OutboundRecord } from '@panda2zoho/kafka';

/**
 * The writer's ledger topic. Intents are produced (acks=all, idempotent) and acknowledged before the
 * Zoho call; outcomes are returned as records so the runtime commits them with the consumed offsets.
 * Keyed by recordKey (a patient: its contactKey) so one record's history stays in order on one partition.
 */
export class LedgerWriter {
  private producer: Producer | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly serde: EventSerde,
    readonly topic: string,
  ) {}

  async start(): Promise<void> {
    await this.serde.register(this.topic, 'ZohoOperationRecorded');
    this.producer = idempotentProducer(this.kafka);
    await this.producer.connect();
  }

  async record(entries: ZohoOperationRecorded[]): Promise<void> {
    if (!this.producer) throw new Error('ledger writer not started');
    if (entries.length === 0) return;
    const records = await Promise.all(entries.map((e) => this.toRecord(e)));
    // In slices: a Bulk Write chunk's thousands of intents would exceed the broker's 1 MiB batch limit in one request.
    for (const slice of slicesByBytes(records, 512 * 1024)) {
      await this.producer.send({ topic: this.topic, acks: -1, messages: slice.map((r) => ({ key: r.key, value: r.value })) });
    }
  }

  async toRecord(entry: ZohoOperationRecorded): Promise<OutboundRecord> {
    return { topic: this.topic, key: ledgerKey(entry), value: await this.encode(entry) };
  }

  async stop(): Promise<void> {
    await this.producer?.disconnect();
  }

  private encode(entry: ZohoOperationRecorded): Promise<Buffer> {
    return this.serde.encode(this.topic, 'ZohoOperationRecorded', entry);
  }
}

function ledgerKey(entry: ZohoOperationRecorded): string {
  return entry.recordKey ?? entry.externalId;
}
