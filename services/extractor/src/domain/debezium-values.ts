/**
 * Debezium SQL Server value conversions (default time.precision.mode=adaptive):
 * DATE → int days since epoch (io.debezium.time.Date); DATETIME/DATETIME2(0-3) → long epoch ms of the
 * wall-clock time read as UTC (io.debezium.time.Timestamp). Strings pass through.
 */
const MS_PER_DAY = 86_400_000;

export function epochDaysToIsoDate(days: number): string {
  return new Date(days * MS_PER_DAY).toISOString().slice(0, 10);
}

export type ColumnValue = string | number | boolean | bigint | Buffer | null | undefined;

export function asText(value: ColumnValue): string | null {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value)) return value.toString('hex');
  return String(value);
}

export function asDate(value: ColumnValue): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return epochDaysToIsoDate(value);
  return String(value);
}

export function asEpochMs(value: ColumnValue): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  const parsed = Date.parse(String(value));
  return Number.isNaN(parsed) ? null : parsed;
}
