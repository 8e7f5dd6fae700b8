import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eventually } from './harness/test-stack.ts';
import { patientEvent, patientParent, recordEvent } from './harness/writer-events.ts';
import { WriterHarness } from './harness/writer-harness.ts';

const idOf = (v: unknown) => (v as { id?: string } | null)?.id;

/** Products, Deals and the Deal ↔ Product links, without the times an idempotent re-write may touch. */
function snapshot(h: WriterHarness): unknown {
  const state = h.emulator.exportState();
  const strip = (records: Array<Record<string, unknown>>) => records.map(({ Modified_Time: _t, Modified_By: _b, ...rest }) => rest).sort((a, b) => String(a['id']).localeCompare(String(b['id'])));
  return { products: strip(state.modules['Products']!.records), deals: strip(state.modules['Deals']!.records), relations: state.relations };
}

describe('zoho-writer: CDT codes as Products (ZOHO_CDT_CODES=products)', () => {
  const h = new WriterHarness({ ZOHO_CDT_CODES: 'products' });
  before(async () => {
    await h.start();
    await h.startWriter();
  });
  after(() => h.stop());

  test('one Product per code, each Deal linked to its codes, the Deals without the pick-list field', async () => {
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

    const deals = new Map(state.modules['Deals']!.records.map((d) => [String(d['PANDA_Deal_Key']), d]));
    const codesOf = (dealKey: string) => state.relations
      .filter((r) => r.module === 'Deals' && r.record_id === deals.get(dealKey)!['id'])
      .map((r) => products.find((p) => p['id'] === r.related_id)!['PANDA_CDT_Code'])
      .sort();
    assert.deepEqual(codesOf('L1:treatment_plan:40'), ['D4341', 'D4910']);
    assert.deepEqual(codesOf('L1:treatment_plan:41'), ['D4341', 'D4342']);
    assert.equal(deals.get('L1:treatment_plan:40')!['PANDA_CDT_Codes'], undefined);
    assert.ok(idOf(deals.get('L1:treatment_plan:40')!['Contact_Name']));
    const upserts = state.writes.filter((w) => w.module === 'Products');
    assert.equal(upserts.length, 1, 'the three codes in one upsert call');
    assert.ok(upserts.every((w) => Array.isArray(w.trigger) && w.trigger.length === 0));
  });

  test('a replay by a new writer process creates no Product, Deal or link twice', async () => {
    const before = snapshot(h);
    const ledgerBefore = (await h.ledger(1)).length;
    await h.stopWriter();
    const admin = h.kafka.admin();
    await admin.connect();
    await admin.deleteGroups([`${h.namespace}.zoho-writer`, `${h.namespace}.zoho-writer.parked`]).catch(() => undefined);
    await admin.disconnect();
    await h.startWriter();
    // 2 Contacts + 2 Deals: intent and outcome each.
    await eventually('the replay written', async () => (await h.ledger(ledgerBefore + 8, 3_000)).length >= ledgerBefore + 8);
    await eventually('the replay upserted the Products again', async () => h.emulator.exportState().writes.filter((w) => w.module === 'Products').length === 2);
    await new Promise((r) => setTimeout(r, 1_500));
    assert.deepEqual(snapshot(h), before);
  });
});
