import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ZohoCompensationPlanned, ZohoOperationRecorded } from '@panda2zoho/events';
import { decideCompensation, sameValue } from './compensation-decision.ts';
import { planCompensations, type RollbackScope } from './plan-compensations.ts';
import { compensationOutcomes, rollbackReport } from './rollback-report.ts';

let clock = 1_000;
function entries(over: Partial<ZohoOperationRecorded> & { operationId: string; module: string; zohoId: string }, result: ZohoOperationRecorded['result'] = 'INSERTED'): ZohoOperationRecorded[] {
  const base: ZohoOperationRecorded = {
    eventId: `${over.operationId}-i`, runId: 'run1', phase: 'INTENT', operation: 'UPSERT', externalIdField: 'K', externalId: 'x', result: null, errorCode: null,
    errorField: null, sourceEventIds: [], fieldsWritten: [], entity: 'e', recordKey: `L1:e:${over.zohoId}`, locationId: 'L1', memberKeys: [], parentModule: null,
    parentZohoId: null, sentFields: {}, existedBefore: false, beforeImage: null, intendedResult: null, recovered: false, rollbackId: null, compensatedOperationIds: [], recordedAtMs: clock++, ...over,
  };
  return [base, { ...base, eventId: `${over.operationId}-o`, phase: 'OUTCOME', result, sentFields: {}, beforeImage: null, recordedAtMs: clock++ }];
}

const scope: RollbackScope = { runId: 'run1', locationId: null, sinceMs: null, includeProvisioning: false, force: false };
const ctx = { operator: 'dr.ops', nowMs: 5 };

const ledger = [
  ...entries({ operationId: 'acc', module: 'Accounts', zohoId: 'a1' }),
  ...entries({ operationId: 'erin', module: 'Contacts', zohoId: 'c0', operation: 'UPDATE', existedBefore: true, beforeImage: { Mobile: 'null', Last_Name: '"Old"' }, sentFields: { Mobile: '"+1555"', Last_Name: '"New"' } }, 'UPDATED'),
  ...entries({ operationId: 'erin2', module: 'Contacts', zohoId: 'c0', operation: 'UPDATE', existedBefore: true, beforeImage: { Last_Name: '"New"', City: '"X"' }, sentFields: { Last_Name: '"Newer"', City: '"Y"' } }, 'UPDATED'),
  ...entries({ operationId: 'pat', module: 'Contacts', zohoId: 'c1', sentFields: { Last_Name: '"P"' } }),
  ...entries({ operationId: 'chart', module: 'PANDA_Charting', zohoId: 'p1' }),
  ...entries({ operationId: 'note', module: 'Notes', zohoId: 'n1', operation: 'NOTE' }),
  ...entries({ operationId: 'file', module: 'Attachments', zohoId: 'f1', operation: 'ATTACH', parentModule: 'Contacts', parentZohoId: 'c1' }),
  ...entries({ operationId: 'l2', module: 'Contacts', zohoId: 'c2', locationId: 'L2' }),
  ...entries({ operationId: 'gone', module: 'Tasks', zohoId: 't1' }),
  ...entries({ operationId: 'gone-del', module: 'Tasks', zohoId: 't1', operation: 'DELETE' }, 'DELETED'),
  ...entries({ operationId: 'failed', module: 'Deals', zohoId: 'd1' }, 'FAILED'),
  ...entries({ operationId: 'other-run', module: 'Deals', zohoId: 'd2', runId: 'run0' }),
];

describe('planCompensations', () => {
  test('children first, a pre-existing record restored to the value before the first change, what the migration deleted or failed left alone', () => {
    const plan = planCompensations(ledger, scope, ctx);
    const steps = plan.steps.map((s) => s.map((c) => `${c.action} ${c.module} ${c.zohoId}`));
    assert.deepEqual(steps, [['DELETE Attachments f1'], ['DELETE Notes n1'], ['DELETE PANDA_Charting p1'], ['DELETE Contacts c2', 'DELETE Contacts c1', 'RESTORE Contacts c0'], ['DELETE Accounts a1']]);
    const erin = plan.steps[3]!.find((c) => c.zohoId === 'c0')!;
    assert.deepEqual(erin.restoreFields, { Mobile: 'null', Last_Name: '"Old"', City: '"X"' });
    assert.deepEqual(erin.expectedFields, { Mobile: '"+1555"', Last_Name: '"Newer"', City: '"Y"' });
    assert.deepEqual(erin.compensatedOperationIds, ['erin', 'erin2']);
    assert.equal(plan.steps[0]![0]!.parentZohoId, 'c1');
    assert.ok(plan.steps.flat().every((c) => c.operator === 'dr.ops' && c.rollbackId === plan.rollbackId));
  });

  test('the same ledger plans the same ids (a re-run resumes); a new write or --force makes a new rollback', () => {
    const a = planCompensations(ledger, scope, ctx);
    const b = planCompensations(ledger, scope, { operator: 'someone else', nowMs: 99 });
    assert.equal(a.rollbackId, b.rollbackId);
    assert.deepEqual(a.steps.flat().map((c) => c.eventId), b.steps.flat().map((c) => c.eventId));
    assert.notEqual(planCompensations([...ledger, ...entries({ operationId: 'new', module: 'Contacts', zohoId: 'c9' })], scope, ctx).rollbackId, a.rollbackId);
    assert.notEqual(planCompensations(ledger, { ...scope, force: true }, ctx).rollbackId, a.rollbackId);
  });

  test('scope: one location; since a time; provisioning only for a whole run', () => {
    const l2 = planCompensations(ledger, { ...scope, locationId: 'L2' }, ctx);
    assert.deepEqual(l2.steps.flat().map((c) => c.zohoId), ['c2']);
    const since = planCompensations(ledger, { ...scope, sinceMs: ledger.find((e) => e.operationId === 'note')!.recordedAtMs }, ctx);
    assert.deepEqual(since.steps.flat().map((c) => c.zohoId), ['f1', 'n1', 'c2']);
    const withProvisioning = planCompensations(ledger, { ...scope, includeProvisioning: true }, ctx);
    assert.deepEqual(withProvisioning.steps.at(-1)!.map((c) => [c.zohoId, c.externalId]), [['a1', ''], [null, 'panda2zoho:patients']]);
    assert.equal(planCompensations(ledger, { ...scope, includeProvisioning: true, locationId: 'L1' }, ctx).steps.flat().some((c) => c.zohoId === null), false);
  });

  test('a merged Contact that also stands for a patient of another location is not touched by a one-location rollback', () => {
    const merged = entries({ operationId: 'm', module: 'Contacts', zohoId: 'cm', memberKeys: ['L1:patient:1', 'L2:patient:9'] });
    const plan = planCompensations(merged, { ...scope, locationId: 'L1' }, ctx);
    assert.equal(plan.steps.length, 0);
    assert.deepEqual(plan.skipped.map((s) => s.code), ['SHARED_WITH_OTHER_LOCATION']);
  });

  test('a create whose outcome reads as an update (the upsert replayed after a crash) is deleted: the intent says it created the record', () => {
    const replayed = entries({ operationId: 'r', module: 'Contacts', zohoId: 'cr', intendedResult: 'INSERTED' }, 'UPDATED');
    assert.deepEqual(planCompensations(replayed, scope, ctx).steps.flat().map((c) => `${c.action} ${c.zohoId}`), ['DELETE cr']);
    // without the intent's word (ledgers written before intendedResult), an update of an unknown record stays unexplained
    const legacy = entries({ operationId: 'r', module: 'Contacts', zohoId: 'cr' }, 'UPDATED');
    assert.deepEqual(planCompensations(legacy, scope, ctx).skipped.map((s) => s.code), ['NO_BEFORE_IMAGE']);
    // a later update of a record the run created (intended UPDATED) keeps it a create
    const later = [...entries({ operationId: 'a', module: 'Contacts', zohoId: 'cr', intendedResult: 'INSERTED' }), ...entries({ operationId: 'b', module: 'Contacts', zohoId: 'cr', intendedResult: 'UPDATED' }, 'UPDATED')];
    assert.deepEqual(planCompensations(later, scope, ctx).steps.flat().map((c) => `${c.action} ${c.zohoId}`), ['DELETE cr']);
  });
});

describe('planCompensations: ZOHO_CDT_CODES=products', () => {
  type Over = Omit<Partial<ZohoOperationRecorded>, 'zohoId'>;
  const deal = (id: string, loc: string, over: Over = {}, result: ZohoOperationRecorded['result'] = 'INSERTED') =>
    entries({ operationId: `deal-${id}`, module: 'Deals', zohoId: id, recordKey: `${loc}:treatment_plan:${id}`, locationId: loc, entity: 'treatment_plan', intendedResult: 'INSERTED', ...over }, result);
  const product = (id: string, code: string, over: Over = {}) =>
    entries({ operationId: `product-${id}`, module: 'Products', zohoId: id, recordKey: `cdt:${code}`, externalId: code, externalIdField: 'PANDA_CDT_Code', locationId: null, entity: 'cdt_product', intendedResult: 'INSERTED', sentFields: { Product_Name: `"${code}"` }, ...over });
  const link = (operation: 'LINK' | 'UNLINK', dealId: string, loc: string, productId: string, over: Over = {}) =>
    entries({ operationId: `${operation}-${dealId}-${productId}`, operation, module: 'Products', zohoId: productId, parentModule: 'Deals', parentZohoId: dealId, recordKey: `${loc}:treatment_plan:${dealId}`, locationId: loc, entity: 'cdt_product', ...over }, operation === 'LINK' ? 'INSERTED' : 'DELETED');
  const early = [...deal('d1', 'L1'), ...product('p1', 'D4341'), ...link('LINK', 'd1', 'L1', 'p1')];
  const since = clock;
  const late = [
    ...deal('d2', 'L2'), ...product('p2', 'D4910'), ...link('LINK', 'd2', 'L2', 'p1'), ...link('LINK', 'd2', 'L2', 'p2'),
    // plan d1 updated later: a code added (its Product new), so an earlier plan links a Product created after `since`
    ...deal('d1', 'L1', { operationId: 'deal-d1-again', intendedResult: 'UPDATED' }, 'UPDATED'), ...product('p5', 'D4355'), ...link('LINK', 'd1', 'L1', 'p5'),
    // a Product the run created, linked by a later run's Deal
    ...product('p4', 'D4342'), ...deal('d8', 'L1', { runId: 'run2' }), ...link('LINK', 'd8', 'L1', 'p4', { runId: 'run2' }),
  ];
  const products = [...early, ...late];
  const planned = (s: RollbackScope) => planCompensations(products, s, ctx).steps.map((step) => step.map((c) => `${c.action} ${c.module} ${c.zohoId}`));

  test('a run\'s Products are deleted after its Deals; a Product a later run\'s Deal still links is kept; links are not records', () => {
    assert.deepEqual(planned(scope), [['DELETE Deals d1', 'DELETE Deals d2'], ['DELETE Products p5', 'DELETE Products p2', 'DELETE Products p1']]);
    const plan = planCompensations(products, scope, ctx);
    assert.deepEqual(plan.skipped, [], 'the shared Product is out of scope, not a problem');
    const p1 = plan.steps[1]!.find((c) => c.zohoId === 'p1')!;
    assert.deepEqual([p1.recordKey, p1.entity, p1.expectedFields, p1.locationId], ['cdt:D4341', 'cdt_product', { Product_Name: '"D4341"' }, null]);
    assert.deepEqual(p1.compensatedOperationIds, ['product-p1'], 'a LINK is compensated by its Deal\'s delete, never on its own');
    assert.ok(plan.steps[0]![0]!.step < p1.step && p1.step < planCompensations(ledger, scope, ctx).steps.find((st) => st[0]!.module === 'PANDA_Charting')![0]!.step);
  });

  test('one location: its Deals, and only the Products no other location\'s Deal links', () => {
    assert.deepEqual(planned({ ...scope, locationId: 'L2' }), [['DELETE Deals d2'], ['DELETE Products p2']]);
    assert.deepEqual(planCompensations(products, { ...scope, locationId: 'L2' }, ctx).skipped, []);
    // d1 unlinked from D4341 (its code removed): L2's rollback now takes D4341 too
    const unlinked = [...products, ...link('UNLINK', 'd1', 'L1', 'p1')];
    assert.deepEqual(planCompensations(unlinked, { ...scope, locationId: 'L2' }, ctx).steps.map((st) => st.map((c) => c.zohoId)), [['d2'], ['p2', 'p1']]);
    // L1's Deal deleted by an earlier rollback: its links went with it (and D4355, linked by no Deal now, goes too)
    const l1Gone = [...products, ...deal('d1', 'L1', { operationId: 'rb-d1', operation: 'DELETE', rollbackId: 'rb-1' }, 'DELETED')];
    assert.deepEqual(planCompensations(l1Gone, { ...scope, locationId: 'L2' }, ctx).steps.map((st) => st.map((c) => c.zohoId)), [['d2'], ['p5', 'p2', 'p1']]);
  });

  test('since a time: a Product created since, still linked by a Deal written before, is kept', () => {
    const plan = planCompensations(products, { ...scope, sinceMs: since }, ctx);
    assert.deepEqual(plan.steps.map((st) => st.map((c) => `${c.module} ${c.zohoId}`)), [['Deals d2'], ['Products p2']]);
    assert.deepEqual(plan.skipped.map((sk) => [sk.module, sk.recordKey, sk.code]), [['Deals', 'L1:treatment_plan:d1', 'NO_BEFORE_IMAGE']], 'd1\'s update since, as for any record');
  });
});

describe('decideCompensation', () => {
  const [, , , restore] = planCompensations(ledger, scope, ctx).steps;
  const erin = restore!.find((c) => c.zohoId === 'c0')!;
  const pat = restore!.find((c) => c.zohoId === 'c1')!;
  const cases: Array<[string, ZohoCompensationPlanned, Record<string, unknown> | null, string]> = [
    ['delete of a record still as migrated', pat, { Last_Name: 'P' }, 'delete'],
    ['delete of a record already gone', pat, null, 'already-gone'],
    ['delete of a record changed since', pat, { Last_Name: 'Q' }, 'changed-since-migration'],
    ['delete of a record changed since, forced', { ...pat, force: true }, { Last_Name: 'Q' }, 'delete'],
    ['restore of a record as migrated', erin, { Mobile: '+1555', Last_Name: 'Newer', City: 'Y' }, 'restore'],
    ['restore repeated', erin, { Mobile: null, Last_Name: 'Old', City: 'X' }, 'already-restored'],
    ['restore of a record changed since', erin, { Mobile: '+1999', Last_Name: 'Newer', City: 'Y' }, 'changed-since-migration'],
    ['restore of a record deleted since', erin, null, 'restore-target-gone'],
  ];
  for (const [name, c, current, kind] of cases) test(name, () => assert.equal(decideCompensation(c, current).kind, kind));

  test('a restore clears a field that was empty before and puts back the others', () => {
    assert.deepEqual(decideCompensation(erin, { Mobile: '+1555', Last_Name: 'Newer', City: 'Y' }), { kind: 'restore', record: { Mobile: null, Last_Name: 'Old', City: 'X' } });
  });

  test('values as Zoho renders them back are the same values', () => {
    const same: Array<[string, unknown]> = [['"23.5"', 23.5], ['"2018-04-05T10:11:12.345-05:00"', '2018-04-05T10:11:12-05:00'], ['"c1"', { id: 'c1', name: 'x' }], ['["D2","D1"]', ['D1', 'D2']], ['null', ''], ['true', true]];
    for (const [sent, back] of same) assert.ok(sameValue(sent, back), `${sent} ~ ${JSON.stringify(back)}`);
    const different: Array<[string, unknown]> = [['"a"', 'b'], ['"1"', 2], ['null', 'x'], ['"2024-01-01"', '2024-01-02']];
    for (const [sent, back] of different) assert.ok(!sameValue(sent, back), `${sent} !~ ${JSON.stringify(back)}`);
  });
});

test('rollbackReport: per module, from the latest outcome of each compensation', () => {
  const plan = planCompensations(ledger, scope, ctx);
  const all = plan.steps.flat();
  const out = (c: ZohoCompensationPlanned, result: ZohoOperationRecorded['result'], errorCode: string | null) =>
    ({ ...entries({ operationId: c.eventId, module: c.module, zohoId: c.zohoId! })[1]!, result, errorCode, rollbackId: plan.rollbackId });
  const outcomes = compensationOutcomes([out(all[0]!, 'FAILED', 'NO_PERMISSION'), out(all[0]!, 'DELETED', 'ALREADY_GONE'), out(all[1]!, 'DELETED', null), out(all[5]!, 'FAILED', 'CHANGED_SINCE_MIGRATION'), out(all[4]!, 'UPDATED', null)], plan.rollbackId);
  const report = rollbackReport(plan.rollbackId, all, plan.skipped, outcomes);
  assert.deepEqual(report.modules['Attachments'], { deleted: 0, restored: 0, alreadyGone: 1, skipped: 0, failed: 0, pending: 0 });
  assert.deepEqual(report.modules['Contacts'], { deleted: 0, restored: 1, alreadyGone: 0, skipped: 1, failed: 0, pending: 1 });
  assert.equal(report.complete, false);
  assert.deepEqual(report.problems.map((p) => [p.module, p.status, p.code]), [['PANDA_Charting', 'pending', 'NO_OUTCOME'], ['Contacts', 'pending', 'NO_OUTCOME'], ['Contacts', 'skipped', 'CHANGED_SINCE_MIGRATION'], ['Accounts', 'pending', 'NO_OUTCOME']]);
});
