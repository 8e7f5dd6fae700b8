import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromCsvText } from './canonical-value.ts';
import { toCanonicalRecord } from './canonical-record.ts';
import { REFERENCE_TABLES } from './reference-tables.ts';
import { ENTITIES } from './table-definition.ts';
import { TableMapError, applyTableMap, tableByName, tableForEntity } from './table-map.ts';

test('the reference model covers every entity once, with keys that are columns', () => {
  assert.deepEqual([...new Set(REFERENCE_TABLES.map((t) => t.entity))].sort(), [...ENTITIES].sort());
  for (const t of REFERENCE_TABLES) {
    for (const k of t.primaryKey) assert.ok(t.columns.some((c) => c.column === k), `${t.table}.${k}`);
    for (const r of t.references ?? []) assert.ok(t.columns.some((c) => c.field === r.field), `${t.table} → ${r.field}`);
    assert.equal(new Set(t.columns.map((c) => c.field)).size, t.columns.length, `${t.table} has duplicate fields`);
  }
});

test('a real install’s names map onto the canonical fields', () => {
  const tables = applyTableMap({ tables: { patient: { table: 'tblPatient', columns: { patientId: 'PatNo', firstName: 'PatFName', dateOfBirth: 'Birth_Dt' } } } });
  const patients = tableForEntity(tables, 'patient');
  assert.equal(patients.table, 'tblPatient');
  assert.deepEqual(patients.primaryKey, ['PatNo']);
  assert.equal(tableByName(tables, 'TBLPATIENT'), patients);
  const row: Record<string, string> = { PatNo: '12', PatFName: 'Ana', Birth_Dt: '1970-01-31', LastName: 'Ruiz', SSN: '123-45-6789' };
  const result = toCanonicalRecord(patients, (c) => row[c] ?? '', fromCsvText);
  assert.equal(result.kind, 'ok');
  if (result.kind === 'ok') {
    assert.equal(result.record.sourceKey, '12');
    assert.equal(result.record.fields['firstName'], 'Ana');
    assert.equal(result.record.fields['dateOfBirth'], '1970-01-31');
    assert.ok(!('ssn' in result.record.fields), 'excluded columns never leave the extractor');
  }
});

test('a composite key joins its parts; a missing key part or bad value is invalid without quoting values', () => {
  const sites = tableForEntity(REFERENCE_TABLES, 'perio_site');
  const ok = toCanonicalRecord(sites, (c) => ({ ExamID: '77', Tooth: '3', Site: 'MB', ProbingDepth: '4' })[c] ?? '', fromCsvText);
  assert.deepEqual(ok.kind === 'ok' && ok.record.sourceKey, '77|3|MB');
  const missing = toCanonicalRecord(sites, (c) => ({ ExamID: '77', Tooth: '3' })[c] ?? '', fromCsvText);
  assert.deepEqual(missing, { kind: 'invalid', reason: 'PerioSiteMeasurements: primary key column Site is missing' });
  const bad = toCanonicalRecord(sites, (c) => ({ ExamID: '77', Tooth: '3', Site: 'B', ProbingDepth: 'deep' })[c] ?? '', fromCsvText);
  assert.equal(bad.kind, 'invalid');
  assert.ok(bad.kind === 'invalid' && !bad.reason.includes('deep'));
});

test('unknown entities and fields in a table map are refused, all at once', () => {
  assert.throws(() => applyTableMap({ tables: { patient: { columns: { shoeSize: 'Shoe' } }, invoices: {} } as never }), (e: unknown) => e instanceof TableMapError && /invoices/.test(e.message) && /shoeSize/.test(e.message));
});
