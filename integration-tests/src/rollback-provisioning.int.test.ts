import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ZohoAuth, ZohoClient } from '@panda2zoho/zoho';
import { DEFAULT_CLIENT } from '@panda2zoho/zoho-emulator';
import { runProvision, runRollback, type RollbackRequest } from 'panda2zoho';
import { comparableState, migrated, publishPractice, seedPreExisting } from './harness/rollback-practice.ts';
import { eventually } from './harness/test-stack.ts';
import { WriterHarness } from './harness/writer-harness.ts';

const TOKEN = 'rollback-test-operator-token';
const RUN = 'run-prov';
/** The modules whose field metadata must come back exactly (PANDA_Charting did not exist before: checked on its own). */
const MODULES = ['Contacts', 'Deals', 'Tasks', 'Accounts'];

type Field = { api_name: string; id: string; custom_field: boolean; data_type: string };
type Section = { display_label: string; fields: Array<{ api_name: string }> };

/** The practice's admin looking at Setup: one client, one cached token (Zoho limits new tokens per refresh token). */
let admin: ZohoClient;

async function fields(module: string): Promise<Field[]> {
  return (await admin.fields(module)) as unknown as Field[];
}

/** Field metadata without what Zoho stamps on its own: api name, id, type and whether custom, per module. */
async function fieldMetadata(): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const m of MODULES) out[m] = (await fields(m)).map((f) => `${f.api_name}#${f.id}#${f.data_type}#${f.custom_field}`).sort();
  return out;
}

async function modules(): Promise<string[]> {
  return ((await admin.request('GET', '/crm/v8/settings/modules')).json as { modules: Array<{ api_name: string }> }).modules.map((m) => m.api_name).sort();
}

function rollback(h: WriterHarness, over: Partial<RollbackRequest> = {}, progress: string[] = []) {
  const request: RollbackRequest = { runId: RUN, locationId: null, sinceMs: null, includeProvisioning: true, force: false, operator: 'dr.ops', operatorToken: TOKEN, dryRun: false, stepTimeoutMs: 60_000, ...over };
  return runRollback(request, { kafka: h.kafka, serde: h.serde, namespace: h.namespace, now: Date.now, progress: (l) => progress.push(l) });
}

describe('rollback --include-provisioning: the org\'s field metadata back to before provisioning, from the ledger', () => {
  const h = new WriterHarness({ P2Z_OPERATOR_TOKEN: TOKEN, P2Z_RUN_ID: RUN });
  let metadataBefore: Record<string, string[]>;
  let modulesBefore: string[];
  let recordsBefore: unknown;
  let firstRollbackId = '';
  before(async () => {
    await h.start();
    admin = new ZohoClient({ auth: new ZohoAuth({ accountsUrl: h.emulator.url, ...DEFAULT_CLIENT }) });
    await seedPreExisting(h);
    metadataBefore = await fieldMetadata();
    modulesBefore = await modules();
    recordsBefore = comparableState(h.emulator.exportState());
    assert.ok(!modulesBefore.includes('PANDA_Charting'));
  });
  after(() => h.stop());

  test('the writer provisions at start, ledgered under its run, and migrates a small practice', async () => {
    await h.startWriter();
    const counts = await publishPractice(h, ['L1'], 2);
    await eventually('the practice in Zoho', async () => migrated(h.emulator.exportState(), counts), 90_000);
    await h.ledgerSettled();
    const created = (await fields('Contacts')).filter((f) => f.custom_field);
    const provisioned = (await h.ledger(1, 1_500)).filter((e) => e.operation === 'PROVISION' && e.phase === 'OUTCOME' && e.runId === RUN);
    assert.deepEqual(
      provisioned.filter((e) => e.module === 'Contacts').map((e) => [e.externalId, e.zohoId, e.result]).sort(),
      created.map((f) => [f.api_name, f.id, 'INSERTED']).sort(),
      'every custom field of Contacts is in the ledger with its id',
    );
    assert.deepEqual(provisioned.filter((e) => e.externalIdField === 'module').map((e) => e.externalId), ['PANDA_Charting']);
    assert.notDeepEqual(await fieldMetadata(), metadataBefore);
  });

  test('the rollback deletes the records, then the fields: field metadata and records equal the snapshots; the module stays, without its custom fields', async () => {
    const { plan, report } = await rollback(h);
    firstRollbackId = report.rollbackId;
    assert.equal(report.complete, true, JSON.stringify(report.problems));
    assert.ok(plan.steps.at(-1)!.every((c) => c.action === 'DELETE_FIELD'), 'the fields are the last step');
    assert.deepEqual(plan.keptModules, ['PANDA_Charting']);
    assert.ok((report.modules['Contacts (fields)']?.deleted ?? 0) >= 12 && (report.modules['PANDA_Charting (fields)']?.deleted ?? 0) >= 20, JSON.stringify(report.modules));

    assert.deepEqual(await fieldMetadata(), metadataBefore);
    assert.deepEqual(comparableState(h.emulator.exportState()), recordsBefore);
    assert.deepEqual(await modules(), [...modulesBefore, 'PANDA_Charting'].sort(), 'Zoho documents no API that deletes a module');
    assert.deepEqual((await fields('PANDA_Charting')).filter((f) => f.custom_field), [], 'the kept module has only its standard fields');
    const sections = ((await admin.request('GET', '/crm/v8/settings/layouts?module=Contacts')).json as { layouts: Array<{ sections: Section[] }> }).layouts[0]!.sections;
    assert.deepEqual(sections.find((s) => s.display_label === 'Periodontal')?.fields ?? [], [], 'the section provisioning added is left empty');

    const ledger = await h.ledger(1, 1_500);
    const deletions = ledger.filter((e) => e.operation === 'DELETE_FIELD' && e.rollbackId === report.rollbackId);
    const fieldsUndone = plan.steps.flat().filter((c) => c.action === 'DELETE_FIELD').length;
    assert.equal(deletions.filter((e) => e.phase === 'INTENT').length, fieldsUndone);
    assert.ok(deletions.filter((e) => e.phase === 'OUTCOME').every((e) => e.result === 'DELETED' && e.errorCode === null && e.compensatedOperationIds.length === 1));
  });

  test('a second rollback of the run is a no-op: everything done before, nothing sent again', async () => {
    const entriesBefore = (await h.ledger(1, 1_500)).length;
    const progress: string[] = [];
    const { report } = await rollback(h, {}, progress);
    assert.equal(report.rollbackId, firstRollbackId, 'the same rollback, resumed');
    assert.equal(report.complete, true);
    assert.ok(progress.filter((l) => l.startsWith('step ')).every((l) => / 0 to do,/.test(l)), progress.join('\n'));
    assert.equal((await h.ledger(entriesBefore, 1_500)).length, entriesBefore, 'no compensation was executed again');
    assert.deepEqual(await fieldMetadata(), metadataBefore);
  });

  test('`panda2zoho provision` records too (its own run): that run\'s rollback removes what it created, and only that', async () => {
    const report = await runProvision({ runId: 'run-cli', dryRun: false, cdtCodes: 'picklist' }, { zoho: admin, kafka: h.kafka, serde: h.serde, namespace: h.namespace, now: Date.now });
    assert.ok(report.created.fields.length > 40, 'the fields were created again (the module exists)');
    assert.ok(!report.steps.some((s) => s.kind === 'create-module'));
    assert.notDeepEqual(await fieldMetadata(), metadataBefore);
    const { plan, report: undone } = await rollback(h, { runId: 'run-cli' });
    assert.equal(undone.complete, true, JSON.stringify(undone.problems));
    assert.deepEqual(plan.keptModules, [], 'the module was not created by this run');
    assert.equal(plan.steps.flat().filter((c) => c.action === 'DELETE_FIELD').length, report.created.fields.length);
    assert.deepEqual(await fieldMetadata(), metadataBefore);
    assert.deepEqual(comparableState(h.emulator.exportState()), recordsBefore);
  });
});
