import avro from 'avsc';
import { debeziumTopic } from '@panda2zoho/events';
import type { TableDefinition } from '@panda2zoho/panda-model';
import { debeziumEnvelope, lsn, type DebeziumOp, type SnapshotMarker, type SourcePosition } from './debezium-envelope.ts';
import { debeziumKeyConverter, debeziumRowConverter, type DebeziumRow } from './debezium-row.ts';
import { debeziumEnvelopeSchema, debeziumKeySchema } from './debezium-schema.ts';
import type { PracticeRow, StoredRow } from './practice-spec.ts';

/** What the encoder needs from packages/events' EventSerde: register a subject, frame Avro bytes. */
export interface AvroWire {
  registerSubject(subject: string, schema: unknown): Promise<number>;
  encodeWith(id: number, type: avro.Type, value: unknown): Buffer;
}

/** One Kafka record. `value: null` is the tombstone that follows a delete. */
export interface EncodedRecord {
  topic: string;
  key: Buffer;
  value: Buffer | null;
}

interface PreparedTable {
  topic: string;
  table: TableDefinition;
  keyId: number;
  valueId: number;
  keyType: avro.Type;
  valueType: avro.Type;
  toRow: (row: StoredRow) => DebeziumRow;
  toKey: (row: DebeziumRow) => DebeziumRow;
}

/** Snapshot records share the LSN the snapshot started at; changes follow it. */
const SNAPSHOT_LSN = 1;
const SNAPSHOT_POSITION: SourcePosition = { changeLsn: null, commitLsn: lsn(SNAPSHOT_LSN), eventSerialNo: null };

/**
 * Practice rows → the connector's Kafka records: topic `<prefix>.<db>.dbo.<Table>`, Avro key and value
 * in the Confluent wire format under `<topic>-key` / `<topic>-value`, LSNs increasing per database,
 * a tombstone after every delete. Encoding is synchronous and needs no broker (the benchmark uses it).
 */
export class DebeziumEncoder {
  /** database → table name → prepared table (two lookups without building a key string per row). */
  private readonly prepared = new Map<string, Map<string, PreparedTable>>();
  private readonly sequences = new Map<string, number>();
  private readonly snapshotStarted = new Map<string, number>();

  constructor(
    private readonly wire: AvroWire,
    readonly prefix: string,
    private readonly clock: () => number = Date.now,
  ) {}

  topicOf(database: string, table: TableDefinition): string {
    return debeziumTopic(this.prefix, database, table.table);
  }

  /** Registers the table's key and value schemas for one database (idempotent). */
  async prepare(database: string, table: TableDefinition): Promise<void> {
    const tables = this.prepared.get(database) ?? this.prepared.set(database, new Map()).get(database)!;
    if (tables.has(table.table)) return;
    const topic = this.topicOf(database, table);
    const keySchema = debeziumKeySchema(table, this.prefix, database);
    const valueSchema = debeziumEnvelopeSchema(table, this.prefix, database);
    const keyId = await this.wire.registerSubject(`${topic}-key`, keySchema);
    const valueId = await this.wire.registerSubject(`${topic}-value`, valueSchema);
    tables.set(table.table, {
      topic,
      table,
      keyId,
      valueId,
      keyType: avro.Type.forSchema(keySchema as avro.Schema),
      valueType: avro.Type.forSchema(valueSchema as avro.Schema),
      toRow: debeziumRowConverter(table),
      toKey: debeziumKeyConverter(table),
    });
  }

  /** A generated row (stored values) → its records. `snapshot` marks op `r` rows: first, true or last. */
  encode(row: PracticeRow, snapshot: SnapshotMarker = row.op === 'r' ? 'true' : 'false'): EncodedRecord[] {
    const t = this.tableFor(row.database, row.table.table);
    return this.encodeImages(t, row.database, row.op, row.before && t.toRow(row.before), row.after && t.toRow(row.after), snapshot);
  }

  /** Rows already in the connector's Avro form (e.g. the walking skeleton's hand-built patients). */
  encodeDebeziumRows(database: string, table: string, op: DebeziumOp, before: DebeziumRow | null, after: DebeziumRow | null, commitMs?: number): EncodedRecord[] {
    return this.encodeImages(this.tableFor(database, table), database, op, before, after, op === 'r' ? 'true' : 'false', commitMs);
  }

  private tableFor(database: string, table: string): PreparedTable {
    const t = this.prepared.get(database)?.get(table);
    if (!t) throw new Error(`${database}.dbo.${table} was not prepared`);
    return t;
  }

  private encodeImages(t: PreparedTable, database: string, op: DebeziumOp, before: DebeziumRow | null, after: DebeziumRow | null, snapshot: SnapshotMarker, commitMs?: number): EncodedRecord[] {
    const image = after ?? before;
    if (!image) throw new Error('a change needs a before or an after image');
    const now = commitMs ?? this.clock();
    let position: SourcePosition;
    let committed = now;
    if (op === 'r') {
      const started = this.snapshotStarted.get(database) ?? now;
      this.snapshotStarted.set(database, started);
      position = SNAPSHOT_POSITION;
      committed = started;
    } else {
      const sequence = (this.sequences.get(database) ?? 0) + 1;
      this.sequences.set(database, sequence);
      position = { changeLsn: lsn(SNAPSHOT_LSN + 2 * sequence), commitLsn: lsn(SNAPSHOT_LSN + 2 * sequence + 1), eventSerialNo: op === 'u' ? 2 : 1 };
    }
    const envelope = debeziumEnvelope({ prefix: this.prefix, database, table: t.table.table, op, before, after, position, snapshot, commitMs: committed, processedMs: now });
    const key = this.wire.encodeWith(t.keyId, t.keyType, t.toKey(image));
    const records: EncodedRecord[] = [{ topic: t.topic, key, value: this.wire.encodeWith(t.valueId, t.valueType, envelope) }];
    if (op === 'd') records.push({ topic: t.topic, key, value: null });
    return records;
  }
}
