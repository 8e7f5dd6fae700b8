import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ZohoOperationRecorded } from '@panda2zoho/events';
import type { EmulatorState } from '@panda2zoho/zoho-emulator';
import { runRollback, type RollbackRequest } from 'panda2zoho';
import { comparableState } from './harness/rollback-practice.ts';
import { eventually } from './harness/test-stack.ts';
import { patientEvent, patientParent, recordEvent } from './harness/writer-events.ts';
import { WriterHarness } from './harness/writer-harness.ts';

const TOKEN = 'cdt-products-operator-token';
const RUN = 'run-cdt';

const idOf = (v: unknown) => (v as { id?: string } | null)?.id;

/** Products, Deals and the Deal ↔ Product links, without the times an idempotent re-write may touch. */
function snapshot(h: WriterHarness): unknown {
  const state = h.emulator.exportState();
  const strip = (records: Array<Record<string, unknown>>) => records.map(({ Modified_Time: _t, Modified_By: _b, ...rest }) => rest).sort((a, b) => String(a['id']).localeCompare(String(b['id'])));
  return { products: strip(state.modules['Products']!.records), deals: strip(state.modules['Deals']!.records), relations: state.relations };
}

/** What a rollback must give back (rollback-practice's comparable state), plus the Products and every link. */
function comparable(state: EmulatorState): unknown {
  const products = (state.modules['Products']?.records ?? []).map(({ Modified_Time: _t, Modified_By: _b, ...rest }) => rest);
  return { base: comparableState(state), products, relations: state.relations };
}

/** The CDT codes linked to the Deal of a plan, as the emulator holds them. */
function codesOf(h: WriterHarness, planKey: string): string[] {
  const state = h.emulator.exportState();
  const deal = state.modules['Deals']!.records.find((d) => d['PANDA_Deal_Key'] === planKey);
  const products = state.modules['Products']!.records;
  return state.relations
    .filter((r) => r.module === 'Deals' && r.record_id === deal?.['id'])
    .map((r) => String(products.find((p) => p['id'] === r.related_id)?.['PANDA_CDT_Code']))
    .sort();
}

const outcomes = (ledger: ZohoOperationRecorded[], operation: ZohoOperationRecorded['operation']) => ledger.filter((e) => e.phase === 'OUTCOME' && e.operation === operation && e.rollbackId === null);

describe('zoho-writer: CDT codes as Products (ZOHO_CDT_CODES=products), in the ledger, unlinked, replayed and rolled back', () => {
  const h = new WriterHarness({ ZOHO_CDT_CODES: 'products', P2Z_OPERATOR_TOKEN: TOKEN, P2Z_RUN_ID: RUN });
  let preMigration: unknown;
  before(async () => {
    await h.start();
    preMigration = comparable(h.emulator.exportState());
    await h.startWriter();
  });
  after(() => h.stop());

  const rollback = (over: Partial<RollbackRequest>) =>
    runRollback(
      { runId: RUN, locationId: null, sinceMs: null, includeProvisioning: false, force: false, operator: 'dr.ops', operatorToken: TOKEN, dryRun: false, stepTimeoutMs: 60_000, ...over },
      { kafka: h.kafka, serde: h.serde, namespace: h.namespace, now: Date.now, progress: () => undefined },
    );

  test('one Product per code, each Deal linked to its codes, the Deals without the pick-list field; Product upserts and links in the ledger', async () => {
    await h.produce(h.topics.patientResolved, 'PatientResolved', [
      patientEvent('ck-a', [{ locationId: 'L1', sourceKey: '1' }], { chartNumber: 'A-1' }),
      patientEvent('ck-b', [{ locationId: 'L1', sourceKey: '2' }], { chartNumber: 'B-2' }),
    ]);
    await h.produce(h.topics.recordNormalized('treatment_plan'), 'RecordNormalized', [
      recordEvent('treatment_plan', 'L1', '40', {
        title: 'Phase I therapy', status: 'Accepted', presentedDate: '2024-02-10', cdtCodes: 'D4341,D4910',
        procedures: 'phase 1 | D4341 | #2-3 | scaling and root planing, four or more teeth | 250.00 | planned\nphase 2 | D4910 | - | - | 120.00 | planned',
        totalFee: '370.00',
      }, [patientParent('L1', '1')]),
      recordEvent('treatment_plan', 'L1', '41', { title: 'Quadrant SRP', status: 'Presented', presentedDate: '2024-03-01', cdtCodes: 'D4341,D4342', totalFee: '400.00' }, [patientParent('L1', '2')]),
    ]);
    await eventually('both Deals linked', async () => h.emulator.exportState().relations.filter((r) => r.module === 'Deals').length === 4);

    const state = h.emulator.exportState();
    assert.ok(!state.modules['Deals']!.fields.some((f) => f.api_name === 'PANDA_CDT_Codes'), 'products mode provisions no multi-select');
    assert.ok(state.modules['Products']!.fields.some((f) => f.api_name === 'PANDA_CDT_Code' && f.unique !== null), 'the unique key provisioned on Products');
    const products = state.modules['Products']!.records;
    assert.deepEqual(products.map((p) => p['PANDA_CDT_Code']).sort(), ['D4341', 'D4342', 'D4910']);
    const byCode = new Map(products.map((p) => [String(p['PANDA_CDT_Code']), p]));
    assert.equal(byCode.get('D4341')!['Product_Name'], 'D4341 scaling and root planing, four or more teeth');
    assert.equal(byCode.get('D4341')!['Product_Code'], 'D4341');
    assert.equal(byCode.get('D4910')!['Product_Name'], 'D4910', 'no description: the code alone');
    assert.deepEqual(codesOf(h, 'L1:treatment_plan:40'), ['D4341', 'D4910']);
    assert.deepEqual(codesOf(h, 'L1:treatment_plan:41'), ['D4341', 'D4342']);
    const deal40 = state.modules['Deals']!.records.find((d) => d['PANDA_Deal_Key'] === 'L1:treatment_plan:40')!;
    assert.equal(deal40['PANDA_CDT_Codes'], undefined);
    assert.ok(idOf(deal40['Contact_Name']));
    const upserts = state.writes.filter((w) => w.module === 'Products');
    assert.equal(upserts.length, 1, 'the three codes in one upsert call');
    assert.ok(upserts.every((w) => Array.isArray(w.trigger) && w.trigger.length === 0));

    // The ledger: each Product's upsert (INTENT then OUTCOME), each link, all under the run id.
    let ledger: ZohoOperationRecorded[] = [];
    await eventually('the links ledgered', async () => outcomes((ledger = await h.ledger(1, 1_500)), 'LINK').length === 4);
    const productEntries = ledger.filter((e) => e.module === 'Products' && e.operation === 'UPSERT');
    assert.deepEqual(productEntries.filter((e) => e.phase === 'INTENT').map((e) => [e.recordKey, e.entity, e.externalIdField, e.externalId, e.locationId, e.intendedResult]).sort(), [
      ['cdt:D4341', 'cdt_product', 'PANDA_CDT_Code', 'D4341', null, 'INSERTED'],
      ['cdt:D4342', 'cdt_product', 'PANDA_CDT_Code', 'D4342', null, 'INSERTED'],
      ['cdt:D4910', 'cdt_product', 'PANDA_CDT_Code', 'D4910', null, 'INSERTED'],
    ]);
    const productOutcomes = outcomes(ledger, 'UPSERT').filter((e) => e.module === 'Products');
    assert.deepEqual(productOutcomes.map((e) => [e.externalId, e.result, e.zohoId, e.runId]).sort(), [...byCode].map(([code, p]) => [code, 'INSERTED', p['id'], RUN]).sort());
    for (const e of productOutcomes) {
      const intent = ledger.findIndex((i) => i.phase === 'INTENT' && i.operationId === e.operationId);
      assert.ok(intent >= 0 && intent < ledger.indexOf(e), `the intent of ${e.externalId} comes first`);
    }
    assert.deepEqual(outcomes(ledger, 'LINK').map((e) => [e.recordKey, e.externalId, e.zohoId, e.parentModule, e.parentZohoId, e.locationId, e.result]).sort(), [
      ['L1:treatment_plan:40', 'D4341', byCode.get('D4341')!['id'], 'Deals', deal40['id'], 'L1', 'INSERTED'],
      ['L1:treatment_plan:40', 'D4910', byCode.get('D4910')!['id'], 'Deals', deal40['id'], 'L1', 'INSERTED'],
      ['L1:treatment_plan:41', 'D4341', byCode.get('D4341')!['id'], 'Deals', state.modules['Deals']!.records.find((d) => d['PANDA_Deal_Key'] === 'L1:treatment_plan:41')!['id'], 'L1', 'INSERTED'],
      ['L1:treatment_plan:41', 'D4342', byCode.get('D4342')!['id'], 'Deals', state.modules['Deals']!.records.find((d) => d['PANDA_Deal_Key'] === 'L1:treatment_plan:41')!['id'], 'L1', 'INSERTED'],
    ].sort());
  });

  test('a replay by a restarted writer sends nothing the ledger shows as done: no Contact, Deal, Product or link call', async () => {
    const before = snapshot(h);
    const ledgerBefore = (await h.ledger(1)).length;
    const writesBefore = h.emulator.exportState().writes.length;
    await h.stopWriter();
    const admin = h.kafka.admin();
    await admin.connect();
    await admin.deleteGroups([`${h.namespace}.zoho-writer`, `${h.namespace}.zoho-writer.parked`]).catch(() => undefined);
    await admin.disconnect();
    await h.startWriter();
    await eventually('the replay consumed', () => h.drained());
    // 2 Contacts + 2 Deals, each the last write of its record by the same input: skipped. The Deals'
    // links are checked against the ledger (all made): no Products upsert, no link either.
    assert.equal(await h.handled('skipped'), 4);
    assert.equal((await h.ledger(ledgerBefore, 1_500)).length, ledgerBefore, 'nothing new in the ledger');
    // the one write since the restart: the Deals account the writer ensures at start
    assert.deepEqual(h.emulator.exportState().writes.slice(writesBefore).map((w) => `${w.module} ${w.operation}`), ['Accounts upsert']);
    assert.deepEqual(snapshot(h), before);
  });

  test('a code removed from a plan is unlinked (UNLINK in the ledger); a new code gets its Product; another location shares a Product', async () => {
    await h.produce(h.topics.recordNormalized('treatment_plan'), 'RecordNormalized', [
      recordEvent('treatment_plan', 'L1', '41', { title: 'Quadrant SRP', status: 'Accepted', presentedDate: '2024-03-01', cdtCodes: 'D4342,D4355', totalFee: '400.00' }, [patientParent('L1', '2')]),
    ]);
    await h.produce(h.topics.patientResolved, 'PatientResolved', [patientEvent('ck-c', [{ locationId: 'L2', sourceKey: '7' }], { chartNumber: 'C-7' })]);
    await h.produce(h.topics.recordNormalized('treatment_plan'), 'RecordNormalized', [
      recordEvent('treatment_plan', 'L2', '70', { title: 'Maintenance', status: 'Accepted', presentedDate: '2024-04-01', cdtCodes: 'D4341,D4999', totalFee: '99.00' }, [patientParent('L2', '7')]),
    ]);
    await eventually('plan 41 relinked, L2\'s plan linked', async () => codesOf(h, 'L1:treatment_plan:41').join() === 'D4342,D4355' && codesOf(h, 'L2:treatment_plan:70').join() === 'D4341,D4999');
    assert.deepEqual(codesOf(h, 'L1:treatment_plan:40'), ['D4341', 'D4910'], 'the other plan keeps its links');
    assert.deepEqual(h.records('Products').map((p) => p['PANDA_CDT_Code']).sort(), ['D4341', 'D4342', 'D4355', 'D4910', 'D4999'], 'the unlinked code\'s Product stays');
    let ledger: ZohoOperationRecorded[] = [];
    await eventually('the unlink ledgered', async () => outcomes((ledger = await h.ledger(1, 1_500)), 'UNLINK').length === 1);
    const unlink = outcomes(ledger, 'UNLINK')[0]!;
    const d4341 = h.records('Products').find((p) => p['PANDA_CDT_Code'] === 'D4341')!;
    const deal41 = h.records('Deals').find((d) => d['PANDA_Deal_Key'] === 'L1:treatment_plan:41')!;
    assert.deepEqual([unlink.recordKey, unlink.externalId, unlink.zohoId, unlink.parentZohoId, unlink.result], ['L1:treatment_plan:41', 'D4341', d4341['id'], deal41['id'], 'DELETED']);
    assert.ok(ledger.some((e) => e.phase === 'INTENT' && e.operationId === unlink.operationId && ledger.indexOf(e) < ledger.indexOf(unlink)));
    assert.equal(outcomes(ledger, 'UPSERT').filter((e) => e.module === 'Products').length, 5, 'D4355 and D4999 upserted once each; D4341 not again');
  });

  test('rollback: one location keeps the Products another location still links; the whole run leaves Zoho as it was before the migration', async () => {
    await eventually('the ledger settled', async () => outcomes(await h.ledger(1, 1_500), 'LINK').length === 7);
    const l2 = await rollback({ locationId: 'L2' });
    assert.equal(l2.report.complete, true, JSON.stringify(l2.report.problems));
    assert.deepEqual(l2.plan.steps.map((s) => [s[0]!.module, s.length]), [['Deals', 1], ['Products', 1], ['Contacts', 1]]);
    assert.deepEqual(h.records('Products').map((p) => p['PANDA_CDT_Code']).sort(), ['D4341', 'D4342', 'D4355', 'D4910'], 'D4999 (L2 only) deleted, D4341 (L1 links it too) kept');
    assert.equal(h.records('Deals').some((d) => String(d['PANDA_Deal_Key']).startsWith('L2:')), false);
    assert.deepEqual(codesOf(h, 'L1:treatment_plan:40'), ['D4341', 'D4910']);

    const all = await rollback({ includeProvisioning: true });
    assert.equal(all.report.complete, true, JSON.stringify(all.report.problems));
    assert.equal(all.report.modules['Products']?.deleted, 4, 'the four Products left, every one the run created');
    assert.deepEqual(comparable(h.emulator.exportState()), preMigration);
    const ledger = await h.ledger(1, 1_500);
    assert.ok(ledger.some((e) => e.rollbackId !== null && e.module === 'Products' && e.operation === 'DELETE' && e.phase === 'OUTCOME' && e.result === 'DELETED'));
  });
});

// A crash after a Deal's upsert, before its links (and before the chunk's outcomes): the restart resolves
// the Deal's intent; the redelivered plan sends no second Deal upsert, and its links are made then.
describe('zoho-writer: CDT Products, a crash between a Deal\'s upsert and its links', () => {
  const h = new WriterHarness({ ZOHO_CDT_CODES: 'products', P2Z_RUN_ID: RUN });
  before(() => h.start());
  after(() => h.stop());

  test('the replayed Deal is not written again, and is linked to its codes after the restart', async () => {
    let crash = false;
    let crashes = 0;
    await h.startWriter({
      afterZohoCalls: () => {
        if (!crash) return;
        crashes++;
        throw new Error('test: the writer dies between the Deal\'s upsert and its outcome');
      },
    });
    await h.produce(h.topics.patientResolved, 'PatientResolved', [patientEvent('ck-p', [{ locationId: 'L1', sourceKey: '1' }], { chartNumber: 'P-1' })]);
    await eventually('the Contact written', async () => h.records('Contacts').some((c) => c['PANDA_Patient_Key'] === 'ck-p'));
    crash = true;
    await h.produce(h.topics.recordNormalized('treatment_plan'), 'RecordNormalized', [
      recordEvent('treatment_plan', 'L1', '40', { title: 'Phase I therapy', status: 'Accepted', presentedDate: '2024-02-10', cdtCodes: 'D4341,D4910', totalFee: '370.00' }, [patientParent('L1', '1')]),
    ]);
    await eventually('the Deal upserted, then the crash', async () => crashes >= 1);
    await h.stopWriter();
    const dealUpserts = () => h.emulator.exportState().writes.filter((w) => w.module === 'Deals' && w.operation === 'upsert').length;
    assert.equal(dealUpserts(), 1);
    assert.deepEqual(codesOf(h, 'L1:treatment_plan:40'), [], 'no link before the crash');

    await h.startWriter();
    await eventually('the redelivered plan handled and committed', () => h.drained());
    await eventually('the Deal linked to its codes', async () => codesOf(h, 'L1:treatment_plan:40').join() === 'D4341,D4910');
    assert.equal(dealUpserts(), 1, 'no second upsert of the Deal');
    assert.equal(h.records('Deals').length, 1);
    const ledger = await h.ledger(1, 1_500);
    const deal = ledger.filter((e) => e.recordKey === 'L1:treatment_plan:40' && e.operation === 'UPSERT');
    assert.deepEqual(deal.map((e) => [e.phase, e.result, e.recovered]), [['INTENT', null, false], ['OUTCOME', 'INSERTED', true]], 'the Deal\'s intent and its recovered outcome, no second call\'s');
    assert.deepEqual(outcomes(ledger, 'LINK').map((e) => [e.externalId, e.parentZohoId, e.result]).sort(), [['D4341', h.records('Deals')[0]!['id'], 'INSERTED'], ['D4910', h.records('Deals')[0]!['id'], 'INSERTED']]);
  });
});
