import type { CanonicalValue, SqlType, TableDefinition } from '@panda2zoho/panda-model';
import { avroName } from './debezium-schema.ts';
import type { StoredRow } from './practice-spec.ts';

const MS_PER_DAY = 86_400_000;

/** Kafka Connect Decimal: the unscaled value as minimal big-endian two's complement (Java BigInteger.toByteArray). */
export function decimalToBytes(text: string, scale: number): Buffer {
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw new RangeError(`not a fixed-point decimal(${scale})`);
  let unscaled = BigInt(`${match[2]}${(match[3] ?? '').padEnd(scale, '0').slice(0, scale)}`);
  if (match[1]) unscaled = -unscaled;
  const bytes: number[] = [];
  let v = unscaled;
  do {
    bytes.unshift(Number(v & 0xffn));
    v >>= 8n;
  } while (!(v === 0n && (bytes[0]! & 0x80) === 0) && !(v === -1n && (bytes[0]! & 0x80) !== 0));
  return Buffer.from(bytes);
}

/** A stored value as the connector puts it into Avro (reference §3, adaptive time precision). */
export function debeziumValue(type: SqlType, value: CanonicalValue): unknown {
  if (value === null) return null;
  switch (type.kind) {
    case 'date':
      return Date.parse(`${String(value)}T00:00:00Z`) / MS_PER_DAY;
    case 'datetime':
      return Date.parse(`${String(value)}Z`);
    case 'datetime2': {
      const ms = Date.parse(`${String(value)}Z`);
      if (type.precision <= 3) return ms;
      if (type.precision <= 6) return ms * 1000;
      throw new RangeError('datetime2(7) (NanoTimestamp) needs 64-bit longs the generator does not write');
    }
    case 'decimal':
      return decimalToBytes(String(value), type.scale);
    case 'bigint':
      return Number(value);
    default:
      return value;
  }
}

export type DebeziumRow = Record<string, unknown>;

/** Compiles a table's stored-row → Avro-row conversion once: 2,000,000 rows go through it. */
export function debeziumRowConverter(table: TableDefinition): (row: StoredRow) => DebeziumRow {
  const columns = table.columns.map((c) => ({ field: c.field, name: avroName(c.column), type: c.type, passThrough: !['date', 'datetime', 'datetime2', 'decimal', 'bigint'].includes(c.type.kind) }));
  return (row) => {
    const out: DebeziumRow = {};
    for (const c of columns) {
      const value = row[c.field] ?? null;
      out[c.name] = c.passThrough ? value : debeziumValue(c.type, value);
    }
    return out;
  };
}

/** The record key: the primary-key columns, as the connector's `…Key` struct. */
export function debeziumKeyConverter(table: TableDefinition): (row: DebeziumRow) => DebeziumRow {
  const names = table.primaryKey.map(avroName);
  return (row) => {
    const key: DebeziumRow = {};
    for (const name of names) key[name] = row[name];
    return key;
  };
}
