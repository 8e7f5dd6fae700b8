import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import avro from 'avsc';
import { EventSerde } from '@panda2zoho/events';
import { applyTableMap, fromCsvText, fromDebezium, tableByName, toCanonicalRecord, type CanonicalValue, type TableDefinition } from '@panda2zoho/panda-model';
import { parseCsv } from './csv-format.ts';
import { writePracticeCsv } from './csv-writer.ts';
import { DebeziumEncoder } from './debezium-encoder.ts';
import { avroName } from './debezium-schema.ts';
import { generatePractice } from './generate-practice.ts';
import { resolveSpec, type PracticeSpec, type StoredRow } from './practice-spec.ts';
import { readSqlScript } from './sql-script-reader.test-support.ts';
import { writePracticeSql } from './sql-writer.ts';

// The three outputs must carry the same stored values: the extractor's inputs (Debezium through
// fromDebezium, CSV through fromCsvText, SQL Server through mssql) then emit identical canonical events.

const SPEC: PracticeSpec = { locations: 2, patients: 6, seed: 21, changes: { updates: 40, inserts: 20, deletes: 12 } };
const tables = resolveSpec(SPEC).tables;
// A real install's names: every output must use them.
const MAPPED: PracticeSpec = {
  ...SPEC,
  entities: ['patient', 'clinical_flag'],
  tables: applyTableMap({ tables: { patient: { table: 'tblPatient', columns: { patientId: 'PatNo', firstName: 'PatFName', dateOfBirth: 'Birth_Dt' } }, clinical_flag: { table: 'tblAlert' } } }),
};
const dir = mkdtempSync(path.join(tmpdir(), 'p2z-outputs-'));
after(() => rmSync(dir, { recursive: true, force: true }));

type Final = Map<string, Record<string, CanonicalValue>>;

/** Generator rows without excluded columns: what a canonical record of the row holds. */
function canonicalOf(table: TableDefinition, row: StoredRow): Record<string, CanonicalValue> {
  const fields: Record<string, CanonicalValue> = {};
  for (const c of table.columns) if (!c.excluded) fields[c.field] = row[c.field] ?? null;
  return fields;
}

function record(table: TableDefinition, raw: (column: string) => unknown, decode: typeof fromDebezium) {
  const result = toCanonicalRecord(table, raw, decode);
  assert.equal(result.kind, 'ok', result.kind === 'invalid' ? result.reason : '');
  return (result as { kind: 'ok'; record: { sourceKey: string; fields: Record<string, CanonicalValue> } }).record;
}

function fakeWire() {
  const serde = new EventSerde('http://127.0.0.1:9');
  const schemas = new Map<number, unknown>();
  let next = 0;
  return {
    schemas,
    wire: { registerSubject: async (_subject: string, schema: unknown) => (schemas.set(++next, schema), next), encodeWith: serde.encodeWith.bind(serde) },
  };
}

async function debeziumFinalState(spec: PracticeSpec): Promise<Final> {
  const tables = resolveSpec(spec).tables;
  const { wire, schemas } = fakeWire();
  const encoder = new DebeziumEncoder(wire, 'panda', () => Date.UTC(2025, 6, 1));
  for (const db of ['PANDA_LOC01', 'PANDA_LOC02']) for (const t of tables) await encoder.prepare(db, t);
  const types = new Map<number, avro.Type>();
  const decode = (bytes: Buffer) => {
    const id = bytes.readInt32BE(1);
    const type = types.get(id) ?? types.set(id, avro.Type.forSchema(schemas.get(id) as avro.Schema)).get(id)!;
    return type.fromBuffer(bytes.subarray(5)) as Record<string, unknown>;
  };
  const final: Final = new Map();
  for (const row of generatePractice(spec)) {
    const records = encoder.encode(row);
    assert.equal(records.length, row.op === 'd' ? 2 : 1, 'a delete is followed by a tombstone');
    const envelope = decode(records[0]!.value!);
    assert.equal(envelope['op'], row.op);
    const table = tableByName(tables, String((envelope['source'] as Record<string, unknown>)['table']))!;
    for (const image of ['before', 'after'] as const) {
      const values = envelope[image] as Record<string, unknown> | null;
      assert.equal(values === null, row[image] === null, `${image} image present`);
      if (values && row[image]) assert.deepEqual(record(table, (c) => values[avroName(c)], fromDebezium).fields, canonicalOf(table, row[image]), `${table.table} ${image} through fromDebezium`);
    }
    const values = (envelope['after'] ?? envelope['before']) as Record<string, unknown>;
    const rec = record(table, (c) => values[avroName(c)], fromDebezium);
    const key = `${row.database}|${table.table}|${rec.sourceKey}`;
    if (row.op === 'd') {
      assert.deepEqual(records[1]!.key, records[0]!.key);
      assert.equal(records[1]!.value, null);
      final.delete(key);
    } else final.set(key, rec.fields);
  }
  return final;
}

function csvFinalState(spec: PracticeSpec, name: string): Final {
  const tables = resolveSpec(spec).tables;
  const out = path.join(dir, name);
  writePracticeCsv(spec, out);
  const final: Final = new Map();
  for (const database of readdirSync(out)) {
    for (const file of readdirSync(path.join(out, database))) {
      const bytes = readFileSync(path.join(out, database, file));
      assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with a BOM');
      const [header, ...lines] = [...parseCsv(bytes.toString('utf8'))];
      const table = tableByName(tables, file.replace(/\.csv$/, ''))!;
      assert.deepEqual(header, table.columns.map((c) => c.column), `${file} header`);
      for (const line of lines) {
        const rec = record(table, (c) => line[header!.indexOf(c)] ?? '', fromCsvText as typeof fromDebezium);
        final.set(`${database}|${table.table}|${rec.sourceKey}`, rec.fields);
      }
    }
  }
  return final;
}

function sqlFinalState(): Final {
  const out = path.join(dir, 'sql');
  writePracticeSql(SPEC, out);
  const final: Final = new Map();
  for (const file of readdirSync(out)) {
    const database = file.replace(/\.sql$/, '');
    for (const statement of readSqlScript(readFileSync(path.join(out, file), 'utf8'), tables)) {
      const key = `${database}|${statement.table.table}|${statement.sourceKey}`;
      if (statement.kind === 'delete') final.delete(key);
      else if (statement.kind === 'insert') final.set(key, statement.fields);
      else final.set(key, { ...final.get(key)!, ...statement.fields });
    }
  }
  return final;
}

test('Debezium, CSV and SQL outputs carry the same values: canonical events agree after the change phase', async () => {
  const debezium = await debeziumFinalState(SPEC);
  const csv = csvFinalState(SPEC, 'csv');
  const sql = sqlFinalState();
  assert.ok(debezium.size > 5_000);
  assert.deepEqual([...csv.keys()].sort(), [...debezium.keys()].sort(), 'same rows in CSV as in Debezium');
  for (const [key, fields] of debezium) assert.deepEqual(csv.get(key), fields, `CSV ${key}`);
  assert.deepEqual([...sql.keys()].sort(), [...debezium.keys()].sort(), 'same rows in SQL as in Debezium');
  for (const [key, fields] of debezium) assert.deepEqual(sql.get(key), fields, `SQL ${key}`);
});

test('a table map’s names reach every output: topics and schemas, CSV files and headers, SQL statements', async () => {
  const debezium = await debeziumFinalState(MAPPED);
  const csv = csvFinalState(MAPPED, 'mapped');
  assert.deepEqual(readdirSync(path.join(dir, 'mapped', 'PANDA_LOC01')).sort(), ['tblAlert.csv', 'tblPatient.csv']);
  assert.match(readFileSync(path.join(dir, 'mapped', 'PANDA_LOC01', 'tblPatient.csv'), 'utf8'), /^\uFEFFPatNo,ChartNumber,PatFName,/);
  assert.ok([...debezium.keys()].some((k) => k.includes('|tblPatient|')));
  assert.deepEqual([...csv.keys()].sort(), [...debezium.keys()].sort());
  for (const [key, fields] of debezium) assert.deepEqual(csv.get(key), fields, `CSV ${key}`);
  const out = path.join(dir, 'mapped-sql');
  writePracticeSql(MAPPED, out);
  assert.match(readFileSync(path.join(out, 'PANDA_LOC01.sql'), 'utf8'), /INSERT INTO \[dbo\]\.\[tblPatient\] \(\[PatNo\], \[ChartNumber\], \[PatFName\]/);
});

test('generated envelopes and keys are valid for their generated schemas, for every table and op', async () => {
  const { wire } = fakeWire();
  const seen = new Set<string>();
  const validating = {
    registerSubject: wire.registerSubject,
    encodeWith: (_id: number, type: avro.Type, value: unknown) => {
      assert.ok(type.isValid(value, { errorHook: (at) => assert.fail(`invalid at ${at.join('.')}`) }));
      return Buffer.alloc(5);
    },
  };
  const encoder = new DebeziumEncoder(validating, 'panda', () => 0);
  for (const t of tables) await encoder.prepare('PANDA_LOC01', t);
  for (const row of generatePractice({ ...SPEC, locations: 1 })) {
    encoder.encode(row);
    seen.add(`${row.table.table}:${row.op}`);
  }
  assert.equal(new Set([...seen].map((s) => s.split(':')[0])).size, tables.length, 'every table checked');
  for (const op of ['r', 'c', 'u', 'd']) assert.ok([...seen].some((s) => s.endsWith(`:${op}`)), `op ${op} checked`);
});
