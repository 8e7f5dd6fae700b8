import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { migrated, publishPractice, seedPreExisting, PRE_EXISTING } from './harness/rollback-practice.ts';
import { eventually } from './harness/test-stack.ts';
import { WriterHarness } from './harness/writer-harness.ts';

// Issue #5, done-when: a 429 storm (30 % of calls) still finishes with every record written once. The
// client-level test (packages/zoho) covers upserts only; this one runs the whole writer (searches,
// upserts, notes, attachments, lookups, parking) on a generated practice against the emulator answering
// 30 % of its /crm calls with 429 TOO_MANY_REQUESTS (seeded, so reproducible).
describe('zoho-writer: a 429 storm (30 % of calls)', () => {
  const h = new WriterHarness({}, { faults: { rate429: 0.3, seed: 5 } });
  const locations = ['L1', 'L2'];
  const patients = 8;
  before(async () => {
    await h.start();
    await seedPreExisting(h);
    await h.startWriter();
  });
  after(() => h.stop());

  test('a full write of a generated practice finishes with every record written exactly once', async () => {
    const counts = await publishPractice(h, locations, patients);
    await eventually('the whole practice in Zoho', async () => migrated(h.emulator.exportState(), counts), 240_000);
    await new Promise((r) => setTimeout(r, 2_000)); // nothing more arrives
    const state = h.emulator.exportState();
    const requests = (await h.metrics!.registry.getSingleMetric('p2z_zoho_requests_total')!.get()).values;
    const answered = (status: string) => requests.filter((v) => v.labels['status'] === status).reduce((n, v) => n + v.value, 0);
    assert.ok(answered('429') >= 20, `the storm happened: ${answered('429')} × 429 of ${requests.reduce((n, v) => n + v.value, 0)} calls`);

    const keys = (module: string, field: string) => (state.modules[module]?.records ?? []).map((r) => r[field]).filter((k) => k !== null && k !== undefined);
    const unique = (list: unknown[]) => new Set(list).size === list.length;
    const contacts = keys('Contacts', 'PANDA_Patient_Key');
    // Every patient and dentist once; the two pre-existing patients were updated, not duplicated.
    assert.equal(contacts.length, locations.length * (patients + 1));
    assert.ok(unique(contacts), 'no Contact twice');
    assert.equal(state.modules['Contacts']!.records.length, PRE_EXISTING.contacts.length + locations.length * (patients + 1) - 2);
    // The referring practices, and the Account Deals hang from.
    assert.equal(keys('Accounts', 'PANDA_Account_Key').length, locations.length + 1);
    assert.ok(unique(keys('Accounts', 'PANDA_Account_Key')), 'no Account twice');
    for (const [module, field, expected] of [['PANDA_Charting', 'PANDA_Chart_Key', counts.charts], ['Deals', 'PANDA_Deal_Key', counts.deals], ['Tasks', 'PANDA_Task_Key', counts.tasks]] as const) {
      const k = keys(module, field);
      assert.equal(k.length, expected, module);
      assert.ok(unique(k), `no ${module} record twice`);
    }
    // Notes and attachments have no external id: once each means exact counts and no repeated content.
    const notes = state.modules['Notes']!.records.map((n) => `${(n['Parent_Id'] as { id?: string } | null)?.id}|${String(n['Note_Content'])}`);
    assert.equal(notes.length, counts.notes);
    assert.ok(unique(notes), 'no note twice');
    const files = state.attachments.map((a) => `${String(a['record_id'])}|${String(a['file_name'])}`);
    assert.equal(files.length, counts.attachments);
    assert.ok(unique(files), 'no attachment twice');
    assert.equal(h.records('Contacts').filter((c) => c['Email'] === PRE_EXISTING.contacts[0]!.Email).length, 1);
    assert.equal(state.faults.rate429, 0.3, 'the storm was on throughout');
    assert.deepEqual(await h.deadLetterCodes(1), [], 'nothing dead-lettered');
  });
});
