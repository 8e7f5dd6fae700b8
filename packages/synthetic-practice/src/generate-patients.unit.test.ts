import assert from 'node:assert/strict';
import { test } from 'node:test';
import avro from 'avsc';
import { readSchemaFile } from '@panda2zoho/events';
import { patientEnvelope } from './debezium-envelope.ts';
import { generatePatients } from './generate-patients.ts';

test('the same seed gives the same practice; another seed another', () => {
  const a = [...generatePatients({ locations: 2, patients: 20, seed: 7 })];
  const b = [...generatePatients({ locations: 2, patients: 20, seed: 7 })];
  const c = [...generatePatients({ locations: 2, patients: 20, seed: 8 })];
  assert.equal(a.length, 40);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  assert.deepEqual([...new Set(a.map((p) => p.database))], ['PANDA_LOC01', 'PANDA_LOC02']);
});

test('generated rows are valid Debezium envelopes for the registered schema', () => {
  const type = avro.Type.forSchema(readSchemaFile('debezium/panda-patients-envelope.avsc') as avro.Schema);
  for (const { database, row } of generatePatients({ locations: 1, patients: 50, seed: 1 })) {
    const envelope = patientEnvelope({ prefix: 'panda', database, op: 'r', before: null, after: row, sequence: row.PatientID, commitMs: 1_700_000_000_000 });
    assert.ok(type.isValid(envelope), `row ${row.PatientID} does not fit the envelope schema`);
    assert.ok(row.BirthDate !== null && row.BirthDate < Date.now() / 86_400_000, 'birth dates are in the past');
  }
});
