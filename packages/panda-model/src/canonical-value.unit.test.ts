import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CanonicalValueError, decimalFromBytes, decimalFromText, fromCsvText, fromDebezium, fromMssql, type CanonicalValue } from './canonical-value.ts';
import type { SqlType } from './table-definition.ts';

// One row per SQL type: how Debezium, the mssql driver and a CSV export each carry the same stored
// value, and the canonical value all three must become.
const cases: Array<{ type: SqlType; debezium: unknown; mssql: unknown; csv: string; canonical: CanonicalValue }> = [
  { type: { kind: 'int' }, debezium: 1042, mssql: 1042, csv: '1042', canonical: 1042 },
  { type: { kind: 'tinyint' }, debezium: 7, mssql: 7, csv: '7', canonical: 7 },
  { type: { kind: 'smallint' }, debezium: -2, mssql: -2, csv: '-2', canonical: -2 },
  { type: { kind: 'bigint' }, debezium: 9007199254740993n, mssql: '9007199254740993', csv: '9007199254740993', canonical: '9007199254740993' },
  { type: { kind: 'bit' }, debezium: true, mssql: true, csv: '1', canonical: true },
  { type: { kind: 'nvarchar', length: 80 }, debezium: "O'Brien, Núñez", mssql: "O'Brien, Núñez", csv: "O'Brien, Núñez", canonical: "O'Brien, Núñez" },
  { type: { kind: 'nvarchar', length: 80 }, debezium: '', mssql: '', csv: '', canonical: null },
  { type: { kind: 'date' }, debezium: 19_723, mssql: new Date(Date.UTC(2024, 0, 1)), csv: '2024-01-01', canonical: '2024-01-01' },
  { type: { kind: 'date' }, debezium: -12_784, mssql: new Date(Date.UTC(1935, 0, 1)), csv: '1935-01-01', canonical: '1935-01-01' },
  { type: { kind: 'datetime' }, debezium: Date.UTC(2019, 2, 5, 14, 30, 0, 123), mssql: new Date(Date.UTC(2019, 2, 5, 14, 30, 0, 123)), csv: '2019-03-05 14:30:00.123', canonical: '2019-03-05T14:30:00.123' },
  { type: { kind: 'datetime2', precision: 3 }, debezium: Date.UTC(2024, 6, 1, 9), mssql: new Date(Date.UTC(2024, 6, 1, 9)), csv: '2024-07-01 09:00:00', canonical: '2024-07-01T09:00:00.000' },
  { type: { kind: 'datetime2', precision: 7 }, debezium: Date.UTC(2024, 6, 1, 9) * 1e6, mssql: new Date(Date.UTC(2024, 6, 1, 9)), csv: '2024-07-01 09:00:00.0000000', canonical: '2024-07-01T09:00:00.000' },
  { type: { kind: 'decimal', precision: 10, scale: 2 }, debezium: Buffer.from([0x30, 0x3e]), mssql: 123.5, csv: '123.50', canonical: '123.50' },
  { type: { kind: 'decimal', precision: 10, scale: 2 }, debezium: Buffer.from([0xff, 0x38]), mssql: -2, csv: '-2.00', canonical: '-2.00' },
  { type: { kind: 'varbinary', length: 'max' }, debezium: Buffer.from('%PDF-1.4'), mssql: Buffer.from('%PDF-1.4'), csv: '0x255044462D312E34', canonical: Buffer.from('%PDF-1.4') },
  { type: { kind: 'uniqueidentifier' }, debezium: 'a1b2c3d4-0000-4000-8000-000000000001', mssql: 'A1B2C3D4-0000-4000-8000-000000000001', csv: 'a1b2c3d4-0000-4000-8000-000000000001', canonical: 'A1B2C3D4-0000-4000-8000-000000000001' },
];

test('Debezium, mssql and CSV values of every SQL type become the same canonical value', () => {
  for (const c of cases) {
    const label = `${c.type.kind} ${String(c.canonical)}`;
    assert.deepEqual(fromDebezium(c.type, c.debezium), c.canonical, `debezium ${label}`);
    assert.deepEqual(fromMssql(c.type, c.mssql), c.canonical, `mssql ${label}`);
    assert.deepEqual(fromCsvText(c.type, c.csv), c.canonical, `csv ${label}`);
  }
});

test('null stays null in every input', () => {
  for (const c of cases) {
    assert.equal(fromDebezium(c.type, null), null);
    assert.equal(fromMssql(c.type, null), null);
    assert.equal(fromCsvText(c.type, ''), null);
  }
});

test('decimals: two’s complement bytes and text, scale kept', () => {
  assert.equal(decimalFromBytes(Buffer.from([0x00, 0x80]), 2), '1.28');
  assert.equal(decimalFromBytes(Buffer.from([0x80]), 0), '-128');
  assert.equal(decimalFromBytes(Buffer.alloc(0), 2), '0.00');
  assert.equal(decimalFromText('.5', 2), '0.50');
  assert.equal(decimalFromText('7', 2), '7.00');
  assert.equal(decimalFromText('1.2300', 2), '1.23');
  assert.throws(() => decimalFromText('1.234', 2), CanonicalValueError);
  assert.throws(() => decimalFromText('12a', 2), CanonicalValueError);
});

test('unreadable CSV values are errors that name the type, never the value', () => {
  const bad: Array<[SqlType, string]> = [
    [{ kind: 'int' }, '12x'], [{ kind: 'bit' }, 'maybe'], [{ kind: 'date' }, '04/02/1961'], [{ kind: 'datetime' }, 'yesterday'], [{ kind: 'varbinary', length: 'max' }, 'zz'],
  ];
  for (const [type, raw] of bad) {
    assert.throws(() => fromCsvText(type, raw), (e: unknown) => e instanceof CanonicalValueError && !e.message.includes(raw), `${type.kind} ${raw}`);
  }
});
