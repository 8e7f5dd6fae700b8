import type { SqlType } from './table-definition.ts';

/**
 * One value as every input (Debezium CDC, Change Tracking through mssql, CSV export) must emit it, so
 * that the three produce identical canonical events:
 *   integers → number; bit → boolean; text → string (empty text → null); date → 'YYYY-MM-DD';
 *   datetime/datetime2 → wall-clock 'YYYY-MM-DDTHH:mm:ss.SSS' (no zone: SQL Server stores none; the
 *   normalizer applies the practice's zone); decimal → fixed-point string with the column's scale
 *   ('125.50'); bigint → decimal string; binary → bytes; uniqueidentifier → upper-case string.
 */
export type CanonicalValue = null | boolean | number | string | Buffer;

/** A value that cannot be read as its column's type. The message names the type, never the value (PHI). */
export class CanonicalValueError extends Error {
  readonly code = 'UNREADABLE_VALUE';
}

const MS_PER_DAY = 86_400_000;

export function isoDateFromDays(days: number): string {
  return new Date(days * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Epoch ms of a wall-clock time read as UTC → 'YYYY-MM-DDTHH:mm:ss.SSS'. */
export function wallClockFromMs(ms: number): string {
  return new Date(ms).toISOString().slice(0, 23);
}

function fixedDecimal(unscaled: bigint, scale: number): string {
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const body = scale > 0 ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
  return negative ? `-${body}` : body;
}

/** Kafka Connect Decimal: big-endian two's-complement unscaled integer. */
export function decimalFromBytes(bytes: Buffer, scale: number): string {
  if (bytes.length === 0) return fixedDecimal(0n, scale);
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  if ((bytes[0]! & 0x80) !== 0) value -= 1n << BigInt(bytes.length * 8);
  return fixedDecimal(value, scale);
}

export function decimalFromText(text: string, scale: number): string {
  const match = /^([+-])?(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) throw new CanonicalValueError(`not a decimal(${scale})`);
  const fraction = (match[3] ?? '').padEnd(scale, '0');
  if (fraction.length > scale && /[1-9]/.test(fraction.slice(scale))) throw new CanonicalValueError(`more than ${scale} decimal places`);
  const unscaled = BigInt(`${match[2] || '0'}${fraction.slice(0, scale)}`);
  return fixedDecimal(match[1] === '-' ? -unscaled : unscaled, scale);
}

function text(value: string): string | null {
  return value === '' ? null : value;
}

/** From the Debezium SQL Server connector's Avro (default time.precision.mode=adaptive, decimal.handling.mode=precise). */
export function fromDebezium(type: SqlType, value: unknown): CanonicalValue {
  if (value === null || value === undefined) return null;
  switch (type.kind) {
    case 'int':
    case 'smallint':
    case 'tinyint':
      return Number(value);
    case 'bigint':
      return String(value);
    case 'bit':
      return Boolean(value);
    case 'nvarchar':
    case 'varchar':
      return text(String(value));
    case 'uniqueidentifier':
      return String(value).toUpperCase();
    case 'date':
      return isoDateFromDays(Number(value));
    case 'datetime':
      return wallClockFromMs(Number(value));
    case 'datetime2':
      // Timestamp (ms) for precision 0–3, MicroTimestamp (µs) 4–6, NanoTimestamp (ns) 7.
      return wallClockFromMs(type.precision <= 3 ? Number(value) : type.precision <= 6 ? Math.floor(Number(value) / 1000) : Math.floor(Number(value) / 1e6));
    case 'decimal':
      if (!Buffer.isBuffer(value)) throw new CanonicalValueError(`decimal(${type.precision},${type.scale}) not encoded as bytes`);
      return decimalFromBytes(value, type.scale);
    case 'varbinary':
      if (!Buffer.isBuffer(value)) throw new CanonicalValueError('varbinary not encoded as bytes');
      return value;
  }
}

/** From the mssql driver (tedious, useUTC: true): Date objects carry the wall clock as UTC. */
export function fromMssql(type: SqlType, value: unknown): CanonicalValue {
  if (value === null || value === undefined) return null;
  switch (type.kind) {
    case 'date':
    case 'datetime':
    case 'datetime2': {
      if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new CanonicalValueError(`${type.kind} not a Date`);
      return type.kind === 'date' ? value.toISOString().slice(0, 10) : wallClockFromMs(value.getTime());
    }
    case 'decimal':
      // tedious returns decimals as JS numbers; re-fix them to the column's scale.
      return decimalFromText(typeof value === 'number' ? value.toFixed(type.scale) : String(value), type.scale);
    case 'varbinary':
      if (!Buffer.isBuffer(value)) throw new CanonicalValueError('varbinary not a Buffer');
      return value;
    default:
      return fromDebezium(type, value);
  }
}

const DATE_TEXT = /^(\d{4}-\d{2}-\d{2})(?:[ T]00:00:00(?:\.0+)?)?$/;
const STAMP_TEXT = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d{1,7}))?$/;

function isCalendarDate(ymd: string): boolean {
  const [y, mo, d] = ymd.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(2000, mo - 1, d));
  date.setUTCFullYear(y);
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** From a SQL Server export to CSV (ISO dates, `yyyy-MM-dd HH:mm:ss.fff` stamps, 1/0 bits, hex binary). */
export function fromCsvText(type: SqlType, raw: string): CanonicalValue {
  if (raw === '') return null;
  switch (type.kind) {
    case 'int':
    case 'smallint':
    case 'tinyint':
      if (!/^[+-]?\d+$/.test(raw.trim())) throw new CanonicalValueError(`not an integer (${type.kind})`);
      return Number(raw.trim());
    case 'bigint':
      if (!/^[+-]?\d+$/.test(raw.trim())) throw new CanonicalValueError('not an integer (bigint)');
      return BigInt(raw.trim()).toString();
    case 'bit': {
      const v = raw.trim().toLowerCase();
      if (v === '1' || v === 'true') return true;
      if (v === '0' || v === 'false') return false;
      throw new CanonicalValueError('not a bit');
    }
    case 'nvarchar':
    case 'varchar':
      return raw;
    case 'uniqueidentifier':
      return raw.trim().toUpperCase();
    case 'date': {
      const m = DATE_TEXT.exec(raw.trim());
      if (!m) throw new CanonicalValueError('not a yyyy-MM-dd date');
      if (!isCalendarDate(m[1]!)) throw new CanonicalValueError('not a calendar date (SQL Server cannot store it)');
      return m[1]!;
    }
    case 'datetime':
    case 'datetime2': {
      const m = STAMP_TEXT.exec(raw.trim());
      if (!m) throw new CanonicalValueError(`not a yyyy-MM-dd HH:mm:ss ${type.kind}`);
      if (!isCalendarDate(m[1]!)) throw new CanonicalValueError('not a calendar date (SQL Server cannot store it)');
      return `${m[1]}T${m[2]}.${(m[3] ?? '').padEnd(3, '0').slice(0, 3)}`;
    }
    case 'decimal':
      return decimalFromText(raw, type.scale);
    case 'varbinary': {
      const hex = raw.trim().replace(/^0x/i, '');
      if (!/^(?:[0-9a-fA-F]{2})*$/.test(hex)) throw new CanonicalValueError('varbinary not hex');
      return Buffer.from(hex, 'hex');
    }
  }
}
