import assert from 'node:assert/strict';
import { test } from 'node:test';
import avro from 'avsc';
import { REFERENCE_TABLES, tableForEntity } from '@panda2zoho/panda-model';
import { patientEnvelope } from './debezium-envelope.ts';
import { debeziumEnvelopeSchema } from './debezium-schema.ts';
import { generatePatients } from './generate-patients.ts';
import { generatePractice } from './generate-practice.ts';

test('the same seed gives the same patients; another seed others', () => {
  const a = [...generatePatients({ locations: 2, patients: 20, seed: 7 })];
  const b = [...generatePatients({ locations: 2, patients: 20, seed: 7 })];
  const c = [...generatePatients({ locations: 2, patients: 20, seed: 8 })];
  assert.equal(a.length, 40);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  assert.deepEqual([...new Set(a.map((p) => p.database))], ['PANDA_LOC01', 'PANDA_LOC02']);
});

test('patients alone are the same patients as in the full practice', () => {
  const full = [...generatePractice({ locations: 2, patients: 10, seed: 3 })].filter((r) => r.table.entity === 'patient').map((r) => r.after!['chartNumber']);
  const alone = [...generatePatients({ locations: 2, patients: 10, seed: 3 })].map((p) => p.row.ChartNumber);
  assert.deepEqual(alone, full);
});

test('generated patient rows are valid Debezium envelopes for the Patients schema, every column included', () => {
  const patients = tableForEntity(REFERENCE_TABLES, 'patient');
  const type = avro.Type.forSchema(debeziumEnvelopeSchema(patients, 'panda', 'PANDA_LOC01') as avro.Schema);
  for (const { database, row } of generatePatients({ locations: 1, patients: 50, seed: 1 })) {
    assert.deepEqual(Object.keys(row), patients.columns.map((c) => c.column));
    const envelope = patientEnvelope({ prefix: 'panda', database, op: 'r', before: null, after: row, sequence: row.PatientID, commitMs: 1_700_000_000_000 });
    assert.ok(type.isValid(envelope), `row ${row.PatientID} does not fit the envelope schema`);
  }
});
