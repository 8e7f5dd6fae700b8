import assert from 'node:assert/strict';
import { test } from 'node:test';
import avro from 'avsc';
import { readSchemaFile } from '@panda2zoho/events';
import { REFERENCE_TABLES, applyTableMap, decimalFromBytes, fromDebezium, tableForEntity, type SqlType } from '@panda2zoho/panda-model';
import { lsn } from './debezium-envelope.ts';
import { withSnapshotMarkers } from './debezium-producer.ts';
import { decimalToBytes, debeziumValue } from './debezium-row.ts';
import { avroName, debeziumColumnType, debeziumEnvelopeSchema, debeziumKeySchema, debeziumValueSchema } from './debezium-schema.ts';
import { generatePractice } from './generate-practice.ts';

test('SQL Server types map to the connector’s Avro types (adaptive time precision, precise decimals)', () => {
  const cases: Array<[SqlType, unknown]> = [
    [{ kind: 'int' }, 'int'],
    [{ kind: 'tinyint' }, { type: 'int', 'connect.type': 'int16' }],
    [{ kind: 'smallint' }, { type: 'int', 'connect.type': 'int16' }],
    [{ kind: 'bigint' }, 'long'],
    [{ kind: 'bit' }, 'boolean'],
    [{ kind: 'nvarchar', length: 50 }, 'string'],
    [{ kind: 'date' }, { type: 'int', 'connect.version': 1, 'connect.name': 'io.debezium.time.Date' }],
    [{ kind: 'datetime' }, { type: 'long', 'connect.version': 1, 'connect.name': 'io.debezium.time.Timestamp' }],
    [{ kind: 'datetime2', precision: 3 }, { type: 'long', 'connect.version': 1, 'connect.name': 'io.debezium.time.Timestamp' }],
    [{ kind: 'datetime2', precision: 6 }, { type: 'long', 'connect.version': 1, 'connect.name': 'io.debezium.time.MicroTimestamp' }],
    [{ kind: 'varbinary', length: 'max' }, 'bytes'],
    [
      { kind: 'decimal', precision: 10, scale: 2 },
      { type: 'bytes', scale: 2, precision: 10, 'connect.version': 1, 'connect.parameters': { scale: '2', 'connect.decimal.precision': '10' }, 'connect.name': 'org.apache.kafka.connect.data.Decimal', logicalType: 'decimal' },
    ],
  ];
  for (const [type, avroType] of cases) assert.deepEqual(debeziumColumnType(type), avroType, type.kind);
});

test('stored values become the connector’s values and read back through fromDebezium', () => {
  const cases: Array<[SqlType, string | boolean | number]> = [
    [{ kind: 'date' }, '1961-03-05'],
    [{ kind: 'date' }, '9999-12-31'],
    [{ kind: 'date' }, '1900-01-01'],
    [{ kind: 'datetime' }, '2016-09-15T13:45:00.000'],
    [{ kind: 'datetime2', precision: 3 }, '2025-06-30T09:18:48.848'],
    [{ kind: 'decimal', precision: 10, scale: 2 }, '2150.00'],
    [{ kind: 'decimal', precision: 10, scale: 2 }, '-2.00'],
    [{ kind: 'decimal', precision: 10, scale: 2 }, '1.28'],
    [{ kind: 'decimal', precision: 10, scale: 2 }, '0.00'],
    [{ kind: 'bit' }, false],
    [{ kind: 'smallint' }, -1],
  ];
  for (const [type, value] of cases) assert.deepEqual(fromDebezium(type, debeziumValue(type, value)), value, `${type.kind} ${String(value)}`);
  // Minimal two's complement, as Java's BigInteger.toByteArray (what Connect's Decimal writes).
  assert.deepEqual([...decimalToBytes('123.50', 2)], [0x30, 0x3e]);
  assert.deepEqual([...decimalToBytes('1.28', 2)], [0x00, 0x80]);
  assert.deepEqual([...decimalToBytes('-1.28', 2)], [0x80]);
  assert.deepEqual([...decimalToBytes('-1.29', 2)], [0xff, 0x7f]);
  assert.equal(decimalFromBytes(decimalToBytes('-1.29', 2), 2), '-1.29');
});

test('names: <prefix>.<db>.dbo.<Table>.{Value,Key,Envelope}; keys are the primary-key columns', () => {
  const sites = tableForEntity(REFERENCE_TABLES, 'perio_site');
  const key = debeziumKeySchema(sites, 'panda', 'PANDA_LOC02');
  assert.equal(key['connect.name'], 'panda.PANDA_LOC02.dbo.PerioSiteMeasurements.Key');
  assert.deepEqual((key['fields'] as Array<{ name: string }>).map((f) => f.name), ['ExamID', 'Tooth', 'Site']);
  const envelope = debeziumEnvelopeSchema(sites, 'panda', 'PANDA_LOC02');
  assert.equal(envelope['connect.name'], 'panda.PANDA_LOC02.dbo.PerioSiteMeasurements.Envelope');
  const value = debeziumValueSchema(sites, 'panda', 'PANDA_LOC02');
  assert.deepEqual((value['fields'] as Array<{ name: string; type: unknown }>).find((f) => f.name === 'ExamID')?.type, 'int', 'NOT NULL columns are not optional');
  // A table map's names, adjusted as schema.name.adjustment.mode=avro does.
  const mapped = tableForEntity(applyTableMap({ tables: { patient: { table: 'tblPatient', columns: { patientId: 'Pat No', dateOfBirth: 'Birth-Dt' } } } }), 'patient');
  const mappedKey = debeziumKeySchema(mapped, 'panda', 'PANDA_LOC01');
  assert.equal(mappedKey['connect.name'], 'panda.PANDA_LOC01.dbo.tblPatient.Key');
  assert.deepEqual((mappedKey['fields'] as Array<{ name: string }>).map((f) => f.name), ['Pat_No']);
  assert.equal(avroName('Birth-Dt'), 'Birth_Dt');
  assert.equal(avroName('2ndPhone'), '_2ndPhone');
});

test('the generated Patients schema can read what the walking skeleton’s schema wrote (BACKWARD)', () => {
  const old = avro.Type.forSchema(readSchemaFile('debezium/panda-patients-envelope.avsc') as avro.Schema);
  const generated = avro.Type.forSchema(debeziumEnvelopeSchema(tableForEntity(REFERENCE_TABLES, 'patient'), 'panda', 'PANDA_LOC01') as avro.Schema);
  const resolver = generated.createResolver(old);
  const oldRecord = old.fromBuffer(old.toBuffer({ before: null, after: { PatientID: 7, BirthDate: 1, CreatedAt: 0 }, source: { version: 'v', connector: 'sqlserver', name: 'panda', ts_ms: 0, db: 'PANDA_LOC01', schema: 'dbo', table: 'Patients' }, op: 'c' }));
  const read = generated.fromBuffer(old.toBuffer(oldRecord), resolver) as { after: Record<string, unknown> };
  assert.equal(read.after['PatientID'], 7);
  assert.equal(read.after['GuarantorName'], null);
  const key = avro.Type.forSchema(readSchemaFile('debezium/panda-patients-key.avsc') as avro.Schema);
  assert.deepEqual(JSON.parse(JSON.stringify(key.schema())), JSON.parse(JSON.stringify(avro.Type.forSchema(debeziumKeySchema(tableForEntity(REFERENCE_TABLES, 'patient'), 'panda', 'PANDA_LOC01') as avro.Schema).schema())));
});

test('snapshot markers per database: first, true…, last; changes are not snapshot records', () => {
  const rows = [...generatePractice({ locations: 2, patients: 1, seed: 1, entities: ['provider'], changes: { updates: 2, inserts: 0, deletes: 0 } })];
  const marks = [...withSnapshotMarkers(rows)].map(([r, m]) => `${r.database.slice(-2)}${r.op}:${m}`);
  const perDb = (db: string) => marks.filter((m) => m.startsWith(`${db}r`)).map((m) => m.split(':')[1]);
  for (const db of ['01', '02']) {
    const m = perDb(db);
    assert.equal(m[0], 'first');
    assert.equal(m.at(-1), 'last');
    assert.ok(m.slice(1, -1).every((x) => x === 'true'));
  }
  assert.ok(marks.filter((m) => m.includes('u:')).every((m) => m.endsWith(':false')));
});

test('LSNs increase as strings, as the connector compares them', () => {
  let previous = '';
  for (const n of [0, 1, 2, 1000, 0xfffff, 0x100000, 0x100001, 5_000_000]) {
    const current = lsn(n);
    assert.match(current, /^[0-9a-f]{8}:[0-9a-f]{8}:[0-9a-f]{4}$/);
    assert.ok(current > previous, `${current} after ${previous}`);
    previous = current;
  }
});
