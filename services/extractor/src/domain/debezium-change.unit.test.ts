import assert from 'node:assert/strict';
import { test } from 'node:test';
import { REFERENCE_TABLES, applyTableMap, hmacToken, ssnTokeniser, withSsnTokenised } from '@panda2zoho/panda-model';
import { debeziumChange } from './debezium-change.ts';
import { sourceRecordKey, toSourceRecordChanged } from './source-record-event.ts';

const ctx = { tables: REFERENCE_TABLES, locationFor: (db: string) => (db === 'PANDA_LOC01' ? 'downtown' : db) };

function envelope(op: 'r' | 'c' | 'u' | 'd', table: string, before: object | null, after: object | null, lsn = '0000002a:00000010:0003') {
  return {
    before,
    after,
    source: { connector: 'sqlserver', db: 'PANDA_LOC01', schema: 'dbo', table, ts_ms: 1_700_000_000_000, snapshot: op === 'r' ? 'true' : 'false', change_lsn: op === 'r' ? null : lsn, commit_lsn: lsn, event_serial_no: op === 'r' ? null : 2 },
    op,
  };
}

test('a site measurement row becomes canonical fields with a composite key and the location', () => {
  const row = { ExamID: 77, Tooth: '30', Site: 'MB', ProbingDepth: 5, GingivalMargin: -1, Bleeding: '+', Suppuration: null, Plaque: 'N' };
  const result = debeziumChange(envelope('c', 'PerioSiteMeasurements', null, row), ctx);
  assert.equal(result.kind, 'change');
  if (result.kind !== 'change') return;
  assert.deepEqual(result.change, {
    entity: 'perio_site',
    locationId: 'downtown',
    sourceSystem: 'DEBEZIUM_CDC',
    sourceTable: 'dbo.PerioSiteMeasurements',
    sourceKey: '77|30|MB',
    // commit_lsn : change_lsn : event_serial_no
    sourcePosition: '0000002a:00000010:0003:0000002a:00000010:0003:2',
    sourceCommittedAtMs: 1_700_000_000_000,
    operation: 'UPSERT',
    fields: { examId: 77, tooth: '30', site: 'MB', probingDepthMm: 5, gingivalMarginMm: -1, bleeding: '+', suppuration: null, plaque: 'N' },
  });
  // Keyed by its exam, so it shares the exam's partition (the normalizer assembles the chart there).
  assert.equal(sourceRecordKey(result.change), 'downtown:perio_exam:77');
  assert.equal(result.change.sourceKey, '77|30|MB');
});

test('Debezium logical types decode: DATE days, Timestamp ms, Decimal bytes; SSN never leaves', () => {
  const patient = { PatientID: 9, LastName: 'Ruiz', BirthDate: 365, CreatedAt: Date.UTC(2019, 2, 5, 14, 30), SSN: '123-45-6789' };
  const result = debeziumChange(envelope('r', 'Patients', null, patient), ctx);
  assert.ok(result.kind === 'change');
  if (result.kind !== 'change') return;
  assert.equal(result.change.fields?.['dateOfBirth'], '1971-01-01');
  assert.equal(result.change.fields?.['createdAt'], '2019-03-05T14:30:00.000');
  assert.ok(!('ssn' in (result.change.fields ?? {})));
  assert.match(result.change.sourcePosition, /^snapshot:.*:9$/);
  const fee = debeziumChange(envelope('c', 'TreatmentProcedures', null, { ProcedureID: 1, PlanID: 2, Fee: Buffer.from([0x01, 0xe2, 0x40]) }), ctx);
  assert.equal(fee.kind === 'change' && fee.change.fields?.['fee'], '1234.56');
});

test('EXTRACTOR_SSN=tokenise: the SSN becomes the HMAC of its digits (ssnToken) before anything is published; never the SSN', () => {
  const tokenised = { ...ctx, tables: withSsnTokenised(REFERENCE_TABLES, ssnTokeniser('extractor-secret-0123456789')) };
  const result = debeziumChange(envelope('c', 'Patients', null, { PatientID: 9, LastName: 'Ruiz', SSN: '123-45-6789' }), tokenised);
  assert.ok(result.kind === 'change');
  if (result.kind !== 'change') return;
  assert.equal(result.change.fields?.['ssnToken'], hmacToken('extractor-secret-0123456789')('123456789'));
  assert.ok(!('ssn' in (result.change.fields ?? {})));
  const published = JSON.stringify(toSourceRecordChanged(result.change, 1));
  assert.ok(!published.includes('123-45-6789') && !published.includes('123456789'), 'the SSN is in no published field');
  const none = debeziumChange(envelope('c', 'Patients', null, { PatientID: 10, LastName: 'Ruiz', SSN: null }), tokenised);
  assert.equal(none.kind === 'change' && none.change.fields?.['ssnToken'], null);
  // Other tables and excluded columns are untouched; the default tables emit no token at all.
  assert.ok(tokenised.tables.filter((t) => t.entity !== 'patient').every((t) => t.columns.every((c) => c.tokenise === undefined)));
  const dropped = debeziumChange(envelope('c', 'Patients', null, { PatientID: 9, LastName: 'Ruiz', SSN: '123-45-6789' }), ctx);
  assert.ok(dropped.kind === 'change' && !('ssnToken' in (dropped.change.fields ?? {})));
});

test('a delete carries its before-image; updates and deletes keep LSN order in their positions', () => {
  const before = { PatientID: 9, LastName: 'Ruiz' };
  const del = debeziumChange(envelope('d', 'Patients', before, null, '0000002b:00000001:0002'), ctx);
  assert.ok(del.kind === 'change' && del.change.operation === 'DELETE' && del.change.fields?.['lastName'] === 'Ruiz');
  const upd = debeziumChange(envelope('u', 'Patients', before, { ...before, LastName: 'Ruiz-Soto' }, '0000002a:00000001:0002'), ctx);
  assert.ok(upd.kind === 'change' && del.kind === 'change' && upd.change.sourcePosition < del.change.sourcePosition);
});

test('unknown tables, broken envelopes and missing keys are problems with reasons that quote no values', () => {
  assert.equal(debeziumChange({ hello: 'world' }, ctx).kind, 'unreadable');
  const unknown = debeziumChange(envelope('c', 'Invoices', null, { InvoiceID: 1 }), ctx);
  assert.ok(unknown.kind === 'unreadable' && unknown.code === 'UNKNOWN_TABLE');
  const noKey = debeziumChange(envelope('c', 'Patients', null, { LastName: 'Secretname' }), ctx);
  assert.ok(noKey.kind === 'unreadable' && !noKey.reason.includes('Secretname'));
});

test("a real install's table names and columns come through the table map", () => {
  const tables = applyTableMap({ tables: { patient: { table: 'tblPatient', columns: { patientId: 'PatNo', firstName: 'PatFName' } } } });
  const result = debeziumChange(envelope('c', 'tblPatient', null, { PatNo: 5, PatFName: 'Ana' }), { ...ctx, tables });
  assert.ok(result.kind === 'change' && result.change.entity === 'patient' && result.change.fields?.['firstName'] === 'Ana');
});

test('event ids are stable for the same change and differ by position', () => {
  const a = debeziumChange(envelope('c', 'Patients', null, { PatientID: 1 }), ctx);
  const b = debeziumChange(envelope('c', 'Patients', null, { PatientID: 1 }), ctx);
  const c = debeziumChange(envelope('c', 'Patients', null, { PatientID: 1 }, '0000009f:00000001:0002'), ctx);
  assert.ok(a.kind === 'change' && b.kind === 'change' && c.kind === 'change');
  if (a.kind !== 'change' || b.kind !== 'change' || c.kind !== 'change') return;
  assert.equal(toSourceRecordChanged(a.change, 1).eventId, toSourceRecordChanged(b.change, 2).eventId);
  assert.notEqual(toSourceRecordChanged(a.change, 1).eventId, toSourceRecordChanged(c.change, 1).eventId);
});
