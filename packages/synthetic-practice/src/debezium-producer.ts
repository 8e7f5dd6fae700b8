import type { Kafka, Producer } from 'kafkajs';
import type { EventSerde } from '@panda2zoho/events';
import { ensureTopics, idempotentProducer } from '@panda2zoho/kafka';
import { REFERENCE_TABLES, tableForEntity, type TableDefinition } from '@panda2zoho/panda-model';
import { DebeziumEncoder, type EncodedRecord } from './debezium-encoder.ts';
import type { DebeziumOp, SnapshotMarker } from './debezium-envelope.ts';
import type { PandaPatientRow } from './generate-patients.ts';
import type { PracticeRow } from './practice-spec.ts';

/** Snapshot markers as the connector sets them per database: first, true…, last. */
export function* withSnapshotMarkers(rows: Iterable<PracticeRow>): Generator<[PracticeRow, SnapshotMarker]> {
  let previous: PracticeRow | undefined;
  let startsRun = true;
  const marked = (row: PracticeRow, next: PracticeRow | undefined): [PracticeRow, SnapshotMarker] => {
    if (row.op !== 'r') return [row, 'false'];
    const ends = next === undefined || next.op !== 'r' || next.database !== row.database;
    const marker: SnapshotMarker = ends ? 'last' : startsRun ? 'first' : 'true';
    startsRun = ends;
    return [row, marker];
  };
  for (const row of rows) {
    if (previous) yield marked(previous, row);
    previous = row;
  }
  if (previous) yield marked(previous, undefined);
}

/**
 * Publishes practice rows as the Debezium SQL Server connector would (reference §3): one topic per
 * database and table, schemas registered under `<topic>-key` / `<topic>-value` through EventSerde,
 * batched sends with an idempotent producer, at most one batch in memory.
 */
export class DebeziumProducer {
  readonly encoder: DebeziumEncoder;
  private producer: Producer | undefined;

  constructor(
    private readonly kafka: Kafka,
    serde: Pick<EventSerde, 'registerSubject' | 'encodeWith'>,
    readonly prefix: string,
    private readonly tables: TableDefinition[] = REFERENCE_TABLES,
    clock: () => number = Date.now,
  ) {
    this.encoder = new DebeziumEncoder(serde, prefix, clock);
  }

  /** Creates the topics, registers every table's schemas for every database, connects. */
  async start(databases: string[], tables: TableDefinition[] = this.tables): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      await ensureTopics(admin, databases.flatMap((db) => tables.map((t) => ({ topic: this.encoder.topicOf(db, t) }))));
    } finally {
      await admin.disconnect();
    }
    for (const db of databases) for (const t of tables) await this.encoder.prepare(db, t);
    this.producer = idempotentProducer(this.kafka);
    await this.producer.connect();
  }

  /** Streams rows in batches of `batchSize` records; returns the number of change events sent. */
  async publish(rows: Iterable<PracticeRow>, batchSize = 2_000): Promise<number> {
    let batch: EncodedRecord[] = [];
    let events = 0;
    for (const [row, marker] of withSnapshotMarkers(rows)) {
      batch.push(...this.encoder.encode(row, marker));
      events++;
      if (batch.length >= batchSize) {
        await this.send(batch);
        batch = [];
      }
    }
    await this.send(batch);
    return events;
  }

  /** Sends records in order: kafkajs keeps a topic-partition's order within one sendBatch. */
  async send(records: EncodedRecord[]): Promise<void> {
    if (!this.producer) throw new Error('producer not started');
    if (records.length === 0) return;
    const byTopic = new Map<string, Array<{ key: Buffer; value: Buffer | null }>>();
    for (const r of records) {
      const list = byTopic.get(r.topic) ?? [];
      list.push({ key: r.key, value: r.value });
      byTopic.set(r.topic, list);
    }
    await this.producer.sendBatch({ topicMessages: [...byTopic.entries()].map(([topic, messages]) => ({ topic, messages })), acks: -1 });
  }

  async stop(): Promise<void> {
    await this.producer?.disconnect();
    this.producer = undefined;
  }
}

/**
 * Patients change events from hand-built rows in the connector's Avro form (the walking skeleton's
 * tests and the demo's first version). The Patients schema now has every column of the reference model;
 * columns a caller leaves out are null.
 */
export class DebeziumPatientProducer {
  private readonly inner: DebeziumProducer;
  private readonly patients: TableDefinition;

  constructor(kafka: Kafka, serde: EventSerde, prefix: string, tables: TableDefinition[] = REFERENCE_TABLES) {
    this.patients = tableForEntity(tables, 'patient');
    this.inner = new DebeziumProducer(kafka, serde, prefix, [this.patients]);
  }

  async start(databases: string[]): Promise<void> {
    await this.inner.start(databases);
  }

  /** Sends change events, in order per database. */
  async send(changes: Array<{ database: string; op: DebeziumOp; before: PandaPatientRow | null; after: PandaPatientRow | null }>, commitMs = Date.now()): Promise<void> {
    const records = changes.flatMap((c) =>
      this.inner.encoder.encodeDebeziumRows(c.database, this.patients.table, c.op, c.before as Record<string, unknown> | null, c.after as Record<string, unknown> | null, commitMs),
    );
    await this.inner.send(records);
  }

  topicOf(database: string): string {
    return this.inner.encoder.topicOf(database, this.patients);
  }

  async stop(): Promise<void> {
    await this.inner.stop();
  }
}
