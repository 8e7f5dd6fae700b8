import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ZohoOperationRecorded } from '@panda2zoho/events';
import { provisioningIntent, provisioningOutcome, type ProvisionedTarget } from '../domain/provisioning-ledger.ts';
import { FIELD_STEP, planCompensations, type RollbackScope } from './plan-compensations.ts';
import { compensationOutcomes, rollbackReport } from './rollback-report.ts';

let clock = 1_000;
const field = (module: string, apiName: string): ProvisionedTarget => ({ kind: 'field', module, apiName });

/** A PROVISION intent and (unless `outcome` is null: a crash) its outcome, as the writer's recorder writes them. */
function provisioned(target: ProvisionedTarget, outcome: { id: string } | { code: string } | null, over: { runId?: string; attempt?: string } = {}): ZohoOperationRecorded[] {
  const intent = provisioningIntent(over.runId ?? 'run1', over.attempt ?? 'a1', target, { data_type: 'text' }, clock++);
  if (outcome === null) return [intent];
  const facts = 'id' in outcome ? { result: 'INSERTED' as const, zohoId: outcome.id, errorCode: null } : { result: 'FAILED' as const, zohoId: null, errorCode: outcome.code };
  return [intent, provisioningOutcome(intent, facts, clock++)];
}

/** A record write (INTENT with sentFields + OUTCOME), or a rollback's outcome on it. */
function record(over: Partial<ZohoOperationRecorded> & { operationId: string; module: string; zohoId: string }, result: ZohoOperationRecorded['result'] = 'INSERTED'): ZohoOperationRecorded[] {
  const base: ZohoOperationRecorded = {
    eventId: `${over.operationId}-i`, runId: 'run1', phase: 'INTENT', operation: 'UPSERT', externalIdField: 'K', externalId: 'x', result: null, errorCode: null,
    errorField: null, sourceEventIds: [], fieldsWritten: [], entity: 'patient', recordKey: `L1:e:${over.zohoId}`, locationId: 'L1', memberKeys: [], parentModule: null,
    parentZohoId: null, sentFields: {}, existedBefore: false, beforeImage: null, intendedResult: 'INSERTED', recovered: false, rollbackId: null, compensatedOperationIds: [], recordedAtMs: clock++, ...over,
  };
  return [base, { ...base, eventId: `${over.operationId}-o`, phase: 'OUTCOME', result, sentFields: {}, recordedAtMs: clock++ }];
}

const scope: RollbackScope = { runId: 'run1', locationId: null, sinceMs: null, includeProvisioning: true, force: false };
const ctx = { operator: 'dr.ops', nowMs: 5 };

const ledger = [
  ...provisioned({ kind: 'module', module: 'PANDA_Charting' }, { id: 'm1' }),
  ...provisioned(field('Contacts', 'PANDA_Patient_Key'), { id: 'f1' }),
  ...provisioned(field('Contacts', 'PANDA_Sex'), { id: 'f2' }),
  ...provisioned(field('Contacts', 'PANDA_Status'), { code: 'DUPLICATE_DATA' }), // a concurrent provisioner's: not ours
  ...provisioned(field('PANDA_Charting', 'Exam_Date'), { id: 'f3' }),
  ...provisioned(field('Deals', 'PANDA_Teeth'), null), // the writer crashed after the call: maybe ours
  ...provisioned(field('Tasks', 'PANDA_Flag_Type'), { id: 'f9' }, { runId: 'run0' }), // another run's
  ...record({ operationId: 'pat', module: 'Contacts', zohoId: 'c1', sentFields: { PANDA_Patient_Key: '"ck-1"', PANDA_Sex: '"F"' } }),
  ...record({ operationId: 'acc', module: 'Accounts', zohoId: 'a1' }),
];

const fieldSteps = (plan: ReturnType<typeof planCompensations>) =>
  plan.steps.flat().filter((c) => c.action === 'DELETE_FIELD').map((c) => `${c.module}.${c.externalId}=${c.zohoId ?? 'by name'}`);

describe('planCompensations --include-provisioning: the fields the run provisioned', () => {
  test('one DELETE_FIELD per field the run created, as the last step after every record step; the module it created is kept', () => {
    const plan = planCompensations(ledger, scope, ctx);
    const last = plan.steps.at(-1)!;
    assert.ok(last.every((c) => c.action === 'DELETE_FIELD' && c.step === FIELD_STEP));
    assert.ok(plan.steps.slice(0, -1).flat().every((c) => c.action !== 'DELETE_FIELD' && c.step < FIELD_STEP));
    assert.deepEqual(plan.steps.map((s) => s[0]!.module), ['Contacts', 'Accounts', 'Contacts']);
    assert.deepEqual(fieldSteps(plan), ['Contacts.PANDA_Patient_Key=f1', 'Contacts.PANDA_Sex=f2', 'PANDA_Charting.Exam_Date=f3', 'Deals.PANDA_Teeth=by name']);
    const key = last[0]!;
    assert.deepEqual([key.externalIdField, key.entity, key.recordKey, key.locationId], ['api_name', 'zoho_field', 'zoho-field:Contacts.PANDA_Patient_Key', null]);
    assert.equal(key.compensatedOperationIds.length, 1);
    assert.deepEqual(plan.keptModules, ['PANDA_Charting']);
    // the field ids are never taken for records of the module
    assert.deepEqual(plan.steps.flat().filter((c) => c.action === 'DELETE').map((c) => c.zohoId), ['c1', 'a1', null]);
  });

  test('a scoped rollback or one without --include-provisioning plans no field and keeps no module', () => {
    for (const s of [{ ...scope, includeProvisioning: false }, { ...scope, locationId: 'L1' }, { ...scope, sinceMs: 0 }]) {
      const plan = planCompensations(ledger, s, ctx);
      assert.deepEqual(fieldSteps(plan), [], JSON.stringify(s));
      assert.deepEqual(plan.keptModules, []);
      assert.ok(plan.steps.flat().every((c) => c.step < FIELD_STEP));
    }
  });

  test('an intent a crash left open is planned by api name; a later outcome of another attempt gives the id', () => {
    const crashed = provisioned(field('Deals', 'PANDA_Teeth'), null);
    assert.deepEqual(fieldSteps(planCompensations(crashed, scope, ctx)), ['Deals.PANDA_Teeth=by name']);
    const recovered = [crashed[0]!, provisioningOutcome(crashed[0]!, { result: 'INSERTED', zohoId: 'f7', errorCode: null, recovered: true }, clock++)];
    assert.deepEqual(fieldSteps(planCompensations(recovered, scope, ctx)), ['Deals.PANDA_Teeth=f7']);
    const notApplied = [crashed[0]!, provisioningOutcome(crashed[0]!, { result: 'FAILED', zohoId: null, errorCode: 'NOT_APPLIED_BEFORE_CRASH', recovered: true }, clock++)];
    assert.deepEqual(fieldSteps(planCompensations(notApplied, scope, ctx)), []);
  });

  test('a field provisioned again after a rollback deleted it is planned once, with the newest id, undoing both operations', () => {
    const again = [...provisioned(field('Contacts', 'PANDA_Sex'), { id: 'f2' }), ...provisioned(field('Contacts', 'PANDA_Sex'), { id: 'f2b' }, { attempt: 'a2' })];
    const [c] = planCompensations(again, scope, ctx).steps.flat().filter((x) => x.action === 'DELETE_FIELD');
    assert.deepEqual([c!.zohoId, c!.compensatedOperationIds.length], ['f2b', 2]);
  });

  test('a field another run\'s live records hold values in is skipped (FIELD_IN_USE_BY_OTHER_RUN) unless forced; once that run is rolled back, it is planned', () => {
    const other = record({ operationId: 'other', module: 'Contacts', zohoId: 'c9', runId: 'run2', sentFields: { PANDA_Sex: '"M"', PANDA_Status: 'null' } });
    const plan = planCompensations([...ledger, ...other], scope, ctx);
    assert.ok(!fieldSteps(plan).includes('Contacts.PANDA_Sex=f2'));
    assert.deepEqual(plan.skipped, [{ module: 'Contacts (fields)', recordKey: 'zoho-field:Contacts.PANDA_Sex', code: 'FIELD_IN_USE_BY_OTHER_RUN' }]);
    assert.ok(fieldSteps(planCompensations([...ledger, ...other], { ...scope, force: true }, ctx)).includes('Contacts.PANDA_Sex=f2'));
    const rolledBack = { ...other[1]!, eventId: 'rb-o', operationId: 'comp-1', operation: 'DELETE' as const, result: 'DELETED' as const, rollbackId: 'rb-x' };
    const after = planCompensations([...ledger, ...other, rolledBack], scope, ctx);
    assert.deepEqual(after.skipped, []);
    assert.ok(fieldSteps(after).includes('Contacts.PANDA_Sex=f2'));
  });

  test('the rollback id changes with the provisioning undone (a re-run of the same ledger resumes the same rollback)', () => {
    const a = planCompensations(ledger, scope, ctx);
    assert.equal(planCompensations(ledger, scope, { operator: 'x', nowMs: 9 }).rollbackId, a.rollbackId);
    assert.notEqual(planCompensations([...ledger, ...provisioned(field('Tasks', 'PANDA_Task_Key'), { id: 'f5' })], scope, ctx).rollbackId, a.rollbackId);
  });

  test('the report counts a module\'s fields on a row of their own', () => {
    const plan = planCompensations(ledger, scope, ctx);
    const all = plan.steps.flat();
    const done = all.filter((c) => c.action === 'DELETE_FIELD').map((c, i) => ({
      ...record({ operationId: c.eventId, module: c.module, zohoId: c.zohoId ?? 'x' })[1]!,
      operation: 'DELETE_FIELD' as const, result: 'DELETED' as const, errorCode: i === 0 ? 'ALREADY_GONE' : null, rollbackId: plan.rollbackId,
    }));
    const report = rollbackReport(plan.rollbackId, all, plan.skipped, compensationOutcomes(done, plan.rollbackId));
    assert.deepEqual(report.modules['Contacts (fields)'], { deleted: 1, restored: 0, alreadyGone: 1, skipped: 0, failed: 0, pending: 0 });
    assert.deepEqual(report.modules['Contacts'], { deleted: 0, restored: 0, alreadyGone: 0, skipped: 0, failed: 0, pending: 1 });
    assert.deepEqual(report.modules['Deals (fields)']?.deleted, 1);
  });
});
