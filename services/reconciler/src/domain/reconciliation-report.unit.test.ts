import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DataQualityIssueRaised, PatientResolved } from '@panda2zoho/events';
import type { LagSample } from './cutover-readiness.ts';
import { toLedgerEntry } from './ledger-entry.ts';
import { ReconciliationModel } from './reconciliation-model.ts';
import { reconcile, type ZohoReadBack, type ZohoRecord } from './reconciliation-report.ts';

const resolved = (loc: string, key: string, contactKey: string, operation: 'UPSERT' | 'DELETE' = 'UPSERT') =>
  ({ source: { locationId: loc, sourceKey: key }, operation, contactKey, members: [] }) as unknown as PatientResolved;

const outcome = (fields: Record<string, unknown>) => toLedgerEntry({ phase: 'OUTCOME', module: 'Contacts', externalIdField: 'PANDA_Patient_Key', zohoId: null, result: 'INSERTED', ...fields })!;

const issue = (eventId: string, entity: string, locationId: string, rule: string, severity: 'INFO' | 'WARNING' | 'ERROR') =>
  ({ eventId, entity, recordKey: `${locationId}:${entity}:1`, locationId, field: 'f', rule, severity }) as unknown as DataQualityIssueRaised;

function patientModel(): ReconciliationModel {
  const m = new ReconciliationModel();
  for (const [loc, key] of [['A', '1'], ['A', '2'], ['B', '9']] as const) {
    m.onSourceChanged('patient', loc, key, 'UPSERT');
    m.onNormalized('patient', `${loc}:patient:${key}`, loc, 'UPSERT');
  }
  m.onPatientResolved(resolved('A', '1', 'c1'));
  m.onPatientResolved(resolved('A', '2', 'c2'));
  m.onPatientResolved(resolved('B', '9', 'c1'));
  m.onLedger(outcome({ externalId: 'c1', zohoId: 'z1', sentFields: { Last_Name: '"Lovelace"' } }));
  m.onLedger(outcome({ externalId: 'c2', zohoId: 'z2', sentFields: { Last_Name: '"Hopper"' } }));
  m.onLedger(outcome({ externalId: 'c1', zohoId: 'z1', result: 'UPDATED', sentFields: { Email: '"a@example.org"' } }));
  return m;
}

const zohoContacts = (rows: Array<[string, string, Record<string, unknown>]>): ZohoReadBack => ({
  kind: 'read',
  records: rows.map(([id, ext, values]): ZohoRecord => ({ id, externalId: ext, values: { id, PANDA_Patient_Key: ext, ...values } })),
});

const run = (m: ReconciliationModel, patient: ZohoReadBack, more: { lag?: LagSample[]; sample?: number; zoho?: Array<[string, ZohoReadBack]> } = {}) =>
  reconcile(m, { reportId: 'r', generatedAtMs: 0, zoho: new Map([['patient', patient], ...(more.zoho ?? [])]), lag: more.lag ?? [], ...(more.sample ? { sample: more.sample } : {}) });

const good = zohoContacts([
  ['z1', 'c1', { Last_Name: 'Lovelace', Email: 'a@example.org' }],
  ['z2', 'c2', { Last_Name: 'Hopper' }],
]);

test('two locations, one shared patient: per-location rows, expected contacts, ready', () => {
  const { report } = run(patientModel(), good);
  const p = report.entities.find((e) => e.entity === 'patient')!;
  assert.deepEqual(
    { source: p.source, normalized: p.normalized, resolved: p.resolved, written: p.written, zoho: p.zoho, match: p.match, fieldsCompared: p.fieldsCompared },
    { source: 3, normalized: 3, resolved: 2, written: 2, zoho: 2, match: true, fieldsCompared: 3 },
  );
  assert.deepEqual(
    p.locations.map((l) => [l.locationId, l.source, l.resolved, l.written, l.zoho, l.match]),
    [
      ['A', 2, 2, 2, 2, true],
      ['B', 1, 1, 1, 1, true],
    ],
    'the shared contact counts at both locations',
  );
  assert.equal(report.entities[0]?.entity, 'patient', 'patient first (the demo reads entities[0])');
  assert.equal(report.entities.length, 9);
  assert.equal(report.ready, true);
  assert.deepEqual(report.blockers, []);
});

test('an extra Contact carrying our key is a count mismatch at its location', () => {
  const { report } = run(patientModel(), { kind: 'read', records: [...(good.kind === 'read' ? good.records : []), { id: 'z3', externalId: 'c3', values: {} }] });
  const p = report.entities[0]!;
  assert.equal(p.zoho, 3);
  assert.equal(p.match, false);
  assert.ok(report.blockers.some((b) => b.kind === 'COUNTS' && b.entity === 'patient'));
});

test('a changed value in Zoho is a field mismatch listed by record key and field, its values only in details', () => {
  const { report, details } = run(patientModel(), zohoContacts([
    ['z1', 'c1', { Last_Name: 'Lovelace', Email: 'changed@example.org' }],
    ['z2', 'c2', { Last_Name: 'Hopper' }],
  ]));
  assert.deepEqual(report.mismatches, [{ entity: 'patient', locationId: 'A', recordKey: 'c1', field: 'Email', kind: 'DIFFERENT' }]);
  assert.equal(details[0]?.sent, '"a@example.org"');
  assert.equal(details[0]?.actual, '"changed@example.org"');
  assert.ok(!JSON.stringify(report).includes('example.org'), 'no value in the published report');
  assert.equal(report.entities[0]!.fieldMismatches, 1);
  assert.equal(report.entities[0]!.match, false);
  assert.deepEqual(report.blockers.map((b) => [b.kind, b.entity, b.locationId]), [['FIELDS', 'patient', 'A']]);
});

test('a record the ledger wrote but Zoho lacks is MISSING_IN_ZOHO', () => {
  const { report } = run(patientModel(), zohoContacts([['z1', 'c1', { Last_Name: 'Lovelace', Email: 'a@example.org' }]]));
  assert.deepEqual(report.mismatches.map((m) => [m.recordKey, m.field, m.kind]), [['c2', '*', 'MISSING_IN_ZOHO']]);
});

test('a sample compares the stated number of records', () => {
  const { report } = run(patientModel(), good, { sample: 1 });
  assert.equal(report.sample, 1);
  assert.ok(report.entities[0]!.fieldsCompared === 1 || report.entities[0]!.fieldsCompared === 2, 'one record: one or two fields');
});

test('a source patient that never reached the deduper blocks, as does a dead letter', () => {
  const m = patientModel();
  m.onSourceChanged('patient', 'B', '10', 'UPSERT');
  m.onNormalized('patient', 'B:patient:10', 'B', 'UPSERT');
  let { report } = run(m, good);
  assert.equal(report.entities[0]!.match, false);
  assert.ok(report.blockers.some((b) => b.kind === 'COUNTS' && b.detail.includes('1 source records not resolved')));
  m.onSourceChanged('patient', 'B', '10', 'DELETE');
  m.onNormalized('patient', 'B:patient:10', 'B', 'DELETE');
  assert.equal(run(m, good).report.ready, true, 'deleted at the source: no longer expected');
  m.onDeadLetter('extractor', 'patient');
  ({ report } = run(m, good));
  assert.equal(report.entities[0]!.deadLettered, 1);
  assert.equal(report.entities[0]!.match, false);
  assert.deepEqual(report.blockers.map((b) => [b.kind, b.detail]), [['DEAD_LETTERS', '1 dead letters from extractor']]);
});

test('issues are counted per entity (a perio_site issue is a perio_chart one), location, rule; ERROR blocks', () => {
  const m = patientModel();
  m.onIssue(issue('i1', 'patient', 'A', 'DATE_SENTINEL', 'WARNING'));
  m.onIssue(issue('i1', 'patient', 'A', 'DATE_SENTINEL', 'WARNING'));
  m.onIssue(issue('i2', 'patient', 'A', 'DATE_SENTINEL', 'WARNING'));
  m.onIssue(issue('i3', 'perio_site', 'B', 'TOOTH_UNKNOWN', 'ERROR'));
  const { report } = run(m, good);
  assert.deepEqual(report.issues, [
    { entity: 'patient', locationId: 'A', rule: 'DATE_SENTINEL', severity: 'WARNING', count: 2 },
    { entity: 'perio_chart', locationId: 'B', rule: 'TOOTH_UNKNOWN', severity: 'ERROR', count: 1 },
  ]);
  assert.equal(report.entities[0]!.openIssues, 2);
  assert.equal(report.entities[0]!.blockingIssues, 0);
  const chart = report.entities.find((e) => e.entity === 'perio_chart')!;
  assert.equal(chart.blockingIssues, 1);
  assert.deepEqual(report.blockers.map((b) => [b.kind, b.entity, b.locationId]), [['ISSUES', 'perio_chart', 'B']]);
  m.onNormalized('perio_site', 'B:perio_site:1', 'B', 'DELETE');
  assert.equal(run(m, good).report.ready, true, 'the issue of a deleted record is closed');
  assert.equal(run(m, good).report.issues.length, 1);
});

test('lag on any stage blocks cutover, per stage', () => {
  const lag: LagSample[] = [
    { stage: 'normalizer', groupId: 'p2z.normalizer', topic: 'p2z.source.patient.v1', entity: 'patient', lag: 4 },
    { stage: 'deduper', groupId: 'p2z.deduper', topic: 'p2z.normalized.patient.v1', entity: 'patient', lag: 0 },
  ];
  const { report } = run(patientModel(), good, { lag });
  assert.equal(report.ready, false);
  assert.deepEqual(report.blockers, [{ kind: 'LAG', entity: null, locationId: null, detail: 'normalizer: lag 4 on p2z.source.patient.v1' }]);
  assert.equal(report.lag.length, 2);
});

test('a non-patient entity: normalized records expected, ledger by record key, Zoho by external id; failed writes block', () => {
  const m = new ReconciliationModel();
  for (const k of ['1', '2']) {
    m.onSourceChanged('clinical_flag', 'A', k, 'UPSERT');
    m.onNormalized('clinical_flag', `A:clinical_flag:${k}`, 'A', 'UPSERT');
  }
  const flag = (k: string, result: string) =>
    toLedgerEntry({ phase: 'OUTCOME', module: 'Tasks', externalIdField: 'PANDA_Flag_Key', externalId: `A:clinical_flag:${k}`, recordKey: `A:clinical_flag:${k}`, zohoId: `t${k}`, result, sentFields: { Subject: '"Allergy"' } })!;
  m.onLedger(flag('1', 'INSERTED'));
  m.onLedger(flag('2', 'FAILED'));
  const tasks: ZohoReadBack = { kind: 'read', records: [{ id: 't1', externalId: 'A:clinical_flag:1', values: { Subject: 'Allergy' } }] };
  let { report } = run(m, { kind: 'skipped' }, { zoho: [['clinical_flag', tasks]] });
  const row = () => report.entities.find((e) => e.entity === 'clinical_flag')!;
  assert.deepEqual([row().source, row().normalized, row().resolved, row().written, row().zoho, row().failed, row().match], [2, 2, 2, 1, 1, 1, false]);
  assert.ok(report.blockers.some((b) => b.kind === 'FAILED' && b.entity === 'clinical_flag' && b.locationId === 'A'));
  m.onLedger(flag('2', 'INSERTED'));
  const both: ZohoReadBack = { kind: 'read', records: [...tasks.records, { id: 't2', externalId: 'A:clinical_flag:2', values: { Subject: 'Allergy' } }] };
  ({ report } = run(m, { kind: 'skipped' }, { zoho: [['clinical_flag', both]] }));
  assert.deepEqual([row().written, row().zoho, row().failed, row().match], [2, 2, 0, true]);
  assert.equal(report.ready, true);
});

test('deduplicated referrers: golden records are what Zoho should hold, at every merged location', () => {
  const m = new ReconciliationModel();
  for (const [loc, k] of [['A', '1'], ['B', '5']] as const) {
    m.onSourceChanged('referring_practice', loc, k, 'UPSERT');
    m.onNormalized('referring_practice', `${loc}:referring_practice:${k}`, loc, 'UPSERT');
  }
  m.onRecordResolved('referring_practice', 'A:referring_practice:1', ['B:referring_practice:5'], 'UPSERT');
  const { report } = run(m, { kind: 'skipped' });
  const row = report.entities.find((e) => e.entity === 'referring_practice')!;
  assert.equal(row.resolved, 1);
  assert.deepEqual(row.locations.map((l) => [l.locationId, l.resolved, l.written]), [['A', 1, 0], ['B', 1, 0]]);
  assert.equal(row.match, false, 'nothing written yet');
});

test('Attachments are not read back; a failed read-back blocks', () => {
  const m = new ReconciliationModel();
  m.onSourceChanged('motivation_report', 'A', '1', 'UPSERT');
  m.onNormalized('motivation_report', 'A:motivation_report:1', 'A', 'UPSERT');
  m.onLedger(toLedgerEntry({ phase: 'OUTCOME', module: 'Attachments', externalIdField: '', externalId: '', recordKey: 'A:motivation_report:1', zohoId: 'att1', result: 'INSERTED' })!);
  let { report } = run(m, { kind: 'skipped' }, { zoho: [['motivation_report', { kind: 'skipped' }]] });
  const row = () => report.entities.find((e) => e.entity === 'motivation_report')!;
  assert.deepEqual([row().zohoReadBack, row().zoho, row().written, row().match], [false, 0, 1, true]);
  ({ report } = run(m, { kind: 'failed', code: 'ZOHO_INVALID_MODULE' }));
  assert.deepEqual(report.blockers.map((b) => [b.kind, b.entity]), [['READ_BACK', 'patient']]);
});

test('an unmapped provider (the writer’s OWNER_PROVIDER_UNMAPPED) is listed per rule in the report, without blocking cutover', () => {
  const m = patientModel();
  m.onIssue({ ...issue('o1', 'patient', 'A', 'OWNER_PROVIDER_UNMAPPED', 'WARNING'), recordKey: 'c2', producer: 'zoho-writer' });
  m.onIssue({ ...issue('o2', 'treatment_plan', 'A', 'OWNER_PROVIDER_UNMAPPED', 'WARNING'), producer: 'zoho-writer' });
  const { report } = run(m, good);
  assert.deepEqual(
    report.issues.filter((i) => i.rule === 'OWNER_PROVIDER_UNMAPPED').map((i) => [i.entity, i.locationId, i.count]),
    [['patient', 'A', 1], ['treatment_plan', 'A', 1]],
  );
  assert.ok(!report.blockers.some((b) => b.kind === 'ISSUES'));
});

test('patients and referring dentists share Contacts and PANDA_Patient_Key; the Deals account is no referrer: none counts for the other', () => {
  const m = patientModel();
  m.onSourceChanged('referring_dentist', 'A', '7', 'UPSERT');
  m.onNormalized('referring_dentist', 'A:referring_dentist:7', 'A', 'UPSERT');
  m.onRecordResolved('referring_dentist', 'A:referring_dentist:7', [], 'UPSERT');
  m.onLedger(outcome({ entity: 'referring_dentist', externalId: 'A:referring_dentist:7', recordKey: 'A:referring_dentist:7', locationId: 'A', zohoId: 'z7', sentFields: {} }));
  m.onSourceChanged('referring_practice', 'A', '1', 'UPSERT');
  m.onNormalized('referring_practice', 'A:referring_practice:1', 'A', 'UPSERT');
  m.onRecordResolved('referring_practice', 'A:referring_practice:1', [], 'UPSERT');
  m.onLedger(toLedgerEntry({ phase: 'OUTCOME', module: 'Accounts', externalIdField: 'PANDA_Account_Key', externalId: 'A:referring_practice:1', entity: 'referring_practice', recordKey: 'A:referring_practice:1', locationId: 'A', zohoId: 'a1', result: 'INSERTED' })!);
  const contacts = zohoContacts([
    ['z1', 'c1', { Last_Name: 'Lovelace', Email: 'a@example.org' }],
    ['z2', 'c2', { Last_Name: 'Hopper' }],
    ['z7', 'A:referring_dentist:7', {}],
  ]);
  const accounts: ZohoReadBack = { kind: 'read', records: [{ id: 'a1', externalId: 'A:referring_practice:1', values: {} }, { id: 'a0', externalId: 'panda2zoho:patients', values: {} }] };
  const { report } = run(m, contacts, { zoho: [['referring_dentist', contacts], ['referring_practice', accounts]] });
  const row = (entity: string) => report.entities.find((e) => e.entity === entity)!;
  assert.deepEqual([row('patient').zoho, row('patient').match], [2, true]);
  assert.deepEqual([row('referring_dentist').zoho, row('referring_dentist').match], [1, true]);
  assert.deepEqual([row('referring_practice').zoho, row('referring_practice').match], [1, true]);
  // an extra Contact with a key no entity's ledger knows is still counted (someone else wrote our key)
  const extra = zohoContacts([['z1', 'c1', { Last_Name: 'Lovelace', Email: 'a@example.org' }], ['z2', 'c2', { Last_Name: 'Hopper' }], ['z9', 'c9', {}]]);
  assert.equal(run(m, extra).report.entities.find((e) => e.entity === 'patient')!.match, false);
});

describe('ZOHO_CDT_CODES=products: one Product per code of the live plans (entity cdt_product)', () => {
  const product = (code: string, over: Record<string, unknown> = {}) =>
    toLedgerEntry({ phase: 'OUTCOME', operation: 'UPSERT', module: 'Products', externalIdField: 'PANDA_CDT_Code', externalId: code, entity: 'cdt_product', recordKey: `cdt:${code}`, locationId: null, zohoId: `p-${code}`, result: 'INSERTED', sentFields: { PANDA_CDT_Code: `"${code}"`, Product_Name: `"${code}"`, Product_Active: 'true' }, ...over })!;
  const link = (code: string, deal: string, operation = 'LINK') =>
    toLedgerEntry({ phase: 'OUTCOME', operation, module: 'Products', externalIdField: 'PANDA_CDT_Code', externalId: code, entity: 'cdt_product', recordKey: `A:treatment_plan:${deal}`, locationId: 'A', zohoId: `p-${code}`, parentModule: 'Deals', parentZohoId: deal, result: operation === 'LINK' ? 'INSERTED' : 'DELETED' })!;
  const inZoho = (...codes: string[]): ZohoReadBack => ({ kind: 'read', records: codes.map((c) => ({ id: `p-${c}`, externalId: c, values: { PANDA_CDT_Code: c, Product_Name: c, Product_Active: true } })) });

  function productsModel(cdtProducts = true): ReconciliationModel {
    const m = new ReconciliationModel({ cdtProducts });
    m.onPlanCodes('A:treatment_plan:1', 'A', ['D4341', 'D4910']);
    m.onPlanCodes('A:treatment_plan:2', 'A', ['D4341']);
    m.onPlanCodes('B:treatment_plan:3', 'B', ['D4341', 'D4342']);
    return m;
  }
  const written = (m: ReconciliationModel, ...codes: string[]) => {
    for (const c of codes) m.onLedger(product(c));
    m.onLedger(link('D4341', 'd1'));
    m.onLedger(link('D4910', 'd1'));
  };
  const row = (m: ReconciliationModel, zoho: ZohoReadBack) => run(m, { kind: 'skipped' }, { zoho: [['cdt_product', zoho]] }).report.entities.find((e) => e.entity === 'cdt_product');

  test('expected = the distinct codes of the live plans, at each location using them; links are not counted; match', () => {
    const m = productsModel();
    written(m, 'D4341', 'D4910', 'D4342');
    const r = row(m, inZoho('D4341', 'D4910', 'D4342'))!;
    assert.deepEqual([r.module, r.source, r.normalized, r.resolved, r.written, r.zoho, r.fieldsCompared, r.match], ['Products', 4, 4, 3, 3, 3, 9, true]);
    assert.deepEqual(r.locations.map((l) => [l.locationId, l.source, l.resolved, l.written, l.zoho, l.match]), [['A', 2, 2, 2, 2, true], ['B', 2, 2, 2, 2, true]]);
    assert.equal(run(m, { kind: 'skipped' }, { zoho: [['cdt_product', inZoho('D4341', 'D4910', 'D4342')]] }).report.ready, true);
  });

  test('a code not written, or missing or stray in Zoho, is a mismatch; a Product no plan uses any more is kept without one', () => {
    const m = productsModel();
    written(m, 'D4341', 'D4910');
    assert.equal(row(m, inZoho('D4341', 'D4910'))!.match, false, 'D4342 never written');
    m.onLedger(product('D4342'));
    assert.equal(row(m, inZoho('D4341', 'D4910'))!.match, false, 'D4342 not in Zoho');
    assert.equal(row(m, inZoho('D4341', 'D4910', 'D4342', 'D9999'))!.match, false, 'a Product with our key the ledger never wrote');
    m.onPlanCodes('A:treatment_plan:1', 'A', ['D4341']);
    m.onLedger(link('D4910', 'd1', 'UNLINK'));
    const kept = row(m, inZoho('D4341', 'D4910', 'D4342'))!;
    assert.deepEqual([kept.resolved, kept.written, kept.zoho, kept.match], [2, 3, 3, true], 'D4910 unlinked from its last plan: kept in Zoho');
    assert.equal(row(m, inZoho('D4341', 'D4342'))!.match, false, 'but gone from Zoho while the ledger has it');
    m.onPlanCodes('B:treatment_plan:3', 'B', null);
    assert.deepEqual(row(m, inZoho('D4341', 'D4910', 'D4342'))!.locations.map((l) => [l.locationId, l.resolved]), [['A', 1], ['unknown', 0]], 'plan deleted: its codes no longer expected at B');
  });

  test('picklist mode: no cdt_product entity (the report as before); Products in the ledger still show', () => {
    const m = productsModel(false);
    const { report } = run(m, good);
    assert.equal(report.entities.length, 9);
    assert.equal(report.entities.find((e) => e.entity === 'cdt_product'), undefined);
    m.onLedger(link('D4341', 'd1'));
    assert.equal(run(m, good).report.entities.length, 9, 'a link alone is no Product');
    written(m, 'D4341', 'D4910', 'D4342');
    assert.equal(row(m, inZoho('D4341', 'D4910', 'D4342'))?.match, true);
  });
});
