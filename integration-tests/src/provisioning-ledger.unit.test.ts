import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ZohoOperationRecorded } from '@panda2zoho/events';
import { ZohoAuth, ZohoClient } from '@panda2zoho/zoho';
import { DEFAULT_CLIENT, startZohoEmulator, type RunningZohoEmulator } from '@panda2zoho/zoho-emulator';
import { ledgerRecorder, planCompensations, provision, zohoSchema } from '@panda2zoho/zoho-writer';

// Provisioning against the emulator (no Kafka): what it records for `rollback --include-provisioning`.
const client = (e: RunningZohoEmulator) => new ZohoClient({ auth: new ZohoAuth({ accountsUrl: e.url, ...DEFAULT_CLIENT }) });
const scope = { runId: 'run-p', locationId: null, sinceMs: null, includeProvisioning: true, force: false };
const ctx = { operator: 'dr.ops', nowMs: 1 };

type Field = { api_name: string; id: string };
const fieldsOf = async (zoho: ZohoClient, module: string) => (await zoho.fields(module)) as unknown as Field[];

/** A ledger in memory, with a hook that runs when intents arrive (before the Zoho call they announce). */
function memoryLedger(onIntents: (intents: ZohoOperationRecorded[]) => Promise<void> = async () => undefined) {
  const entries: ZohoOperationRecorded[] = [];
  return {
    entries,
    record: async (batch: ZohoOperationRecorded[]) => {
      const intents = batch.filter((e) => e.phase === 'INTENT');
      if (intents.length > 0) await onIntents(intents);
      entries.push(...batch);
    },
  };
}

describe('provisioning is ledgered: what it created, and only that, is what a rollback removes', () => {
  let org: RunningZohoEmulator;
  before(async () => {
    org = await startZohoEmulator();
  });
  after(() => org.close());

  test('an intent before each create call (nothing created yet), an INSERTED outcome with Zoho\'s id after it; the module too; a second run records nothing', async () => {
    const zoho = client(org);
    const seenBefore: string[] = [];
    const ledger = memoryLedger(async (intents) => {
      for (const i of intents) {
        const exists = i.externalIdField === 'module' ? false : (await fieldsOf(zoho, i.module).catch(() => [])).some((f) => f.api_name === i.externalId);
        if (exists) seenBefore.push(i.recordKey!);
      }
    });
    const report = await provision(zoho, zohoSchema(), { dryRun: false, record: ledgerRecorder(ledger, 'run-p', Date.now) });
    assert.deepEqual(seenBefore, [], 'every intent was recorded before its field existed');
    const intents = ledger.entries.filter((e) => e.phase === 'INTENT');
    const outcomes = new Map(ledger.entries.filter((e) => e.phase === 'OUTCOME').map((e) => [e.operationId, e]));
    assert.equal(intents.length, report.created.fields.length + 1);
    assert.ok(intents.every((i) => i.operation === 'PROVISION' && i.runId === 'run-p' && i.intendedResult === 'INSERTED' && outcomes.get(i.operationId)?.result === 'INSERTED'));
    const module = intents.find((i) => i.externalIdField === 'module')!;
    assert.deepEqual([module.module, module.recordKey, module.entity], ['PANDA_Charting', 'zoho-module:PANDA_Charting', 'zoho_module']);
    const patientKey = intents.find((i) => i.recordKey === 'zoho-field:Contacts.PANDA_Patient_Key')!;
    assert.deepEqual([patientKey.externalIdField, patientKey.externalId, patientKey.entity, patientKey.sentFields['data_type']], ['api_name', 'PANDA_Patient_Key', 'zoho_field', '"text"']);
    const contactIds = new Map((await fieldsOf(zoho, 'Contacts')).map((f) => [f.api_name, f.id]));
    assert.equal(outcomes.get(patientKey.operationId)!.zohoId, contactIds.get('PANDA_Patient_Key'));

    const plan = planCompensations(ledger.entries, scope, ctx);
    const planned = plan.steps.flat().filter((c) => c.action === 'DELETE_FIELD').map((c) => [c.module, c.externalId, c.zohoId]);
    assert.deepEqual(planned, report.created.fields.map((f) => [f.module, f.apiName, f.zohoId]));
    assert.deepEqual(plan.keptModules, ['PANDA_Charting']);

    const again = memoryLedger();
    await provision(zoho, zohoSchema(), { dryRun: false, record: ledgerRecorder(again, 'run-p', Date.now) });
    assert.deepEqual(again.entries, []);
  });

  test('a field a concurrent provisioner created between the plan and the call (DUPLICATE_DATA) is ledgered FAILED: not ours, never deleted', async () => {
    const fresh = await startZohoEmulator();
    try {
      const zoho = client(fresh);
      const other = client(fresh);
      const ledger = memoryLedger(async (intents) => {
        if (intents.some((i) => i.externalId === 'PANDA_Sex')) await other.createFields('Contacts', [{ field_label: 'PANDA Sex', data_type: 'text', length: 32 }]);
      });
      const report = await provision(zoho, zohoSchema(), { dryRun: false, record: ledgerRecorder(ledger, 'run-p', Date.now) });
      assert.equal(report.applied, true);
      const sex = ledger.entries.filter((e) => e.externalId === 'PANDA_Sex');
      assert.deepEqual(sex.map((e) => [e.phase, e.result, e.errorCode]), [['INTENT', null, null], ['OUTCOME', 'FAILED', 'DUPLICATE_DATA']]);
      assert.ok(!report.created.fields.some((f) => f.apiName === 'PANDA_Sex'));
      const planned = planCompensations(ledger.entries, scope, ctx).steps.flat().map((c) => c.externalId);
      assert.ok(planned.includes('PANDA_Status') && !planned.includes('PANDA_Sex'));
    } finally {
      await fresh.close();
    }
  });

  test('a field Zoho refuses is ledgered FAILED with Zoho\'s code; the others of the call are INSERTED; provisioning stops', async () => {
    const fresh = await startZohoEmulator();
    try {
      const zoho = client(fresh);
      const ledger = memoryLedger();
      const desired = [{ module: 'Tasks', fields: [{ api_name: 'PANDA_Ok', field_label: 'PANDA Ok', data_type: 'text' as const }, { api_name: 'PANDA_Too_Long', field_label: 'PANDA Too Long', data_type: 'text' as const, length: 100_000 }] }];
      await assert.rejects(provision(zoho, desired, { dryRun: false, record: ledgerRecorder(ledger, 'run-p', Date.now) }), /creating Tasks fields failed: INVALID_DATA/);
      const outcomes = ledger.entries.filter((e) => e.phase === 'OUTCOME').map((e) => [e.externalId, e.result, e.errorCode]);
      assert.deepEqual(outcomes, [['PANDA_Ok', 'INSERTED', null], ['PANDA_Too_Long', 'FAILED', 'INVALID_DATA']]);
      assert.deepEqual(planCompensations(ledger.entries, scope, ctx).steps.flat().filter((c) => c.action === 'DELETE_FIELD').map((c) => c.externalId), ['PANDA_Ok']);
    } finally {
      await fresh.close();
    }
  });
});
