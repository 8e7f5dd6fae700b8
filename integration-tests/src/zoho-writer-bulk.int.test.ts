import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eventually } from './harness/test-stack.ts';
import { patientEvent } from './harness/writer-events.ts';
import { WriterHarness } from './harness/writer-harness.ts';

/** Zoho requests a writer made (its metrics), by method and endpoint. */
async function requests(h: WriterHarness, method: string, endpoint: string): Promise<number> {
  const values = (await h.metrics!.registry.getSingleMetric('p2z_zoho_requests_total')!.get()).values;
  return values.filter((v) => v.labels['method'] === method && v.labels['endpoint'] === endpoint).reduce((n, v) => n + v.value, 0);
}

// The writer's Bulk Write path (WRITER_BULK_THRESHOLD): a chunk with at least the threshold of upserts for
// one module goes through one job; the result ZIP becomes per-record ledger outcomes, and refused rows
// take the records API's dead-letter path. The threshold is lowered to 4 so a small chunk uses it.
describe('zoho-writer: Bulk Write for an initial load', () => {
  const h = new WriterHarness({ WRITER_BULK_THRESHOLD: '4', WRITER_BULK_POLL_MS: '20' });
  const keys = ['ck-b1', 'ck-b2', 'ck-b3', 'ck-b4', 'ck-b5', 'ck-b6'];
  let baseline = 0; // credits after provisioning (creating the custom module alone costs 500)
  before(async () => {
    await h.start();
    // The writer creates its topics; it is stopped while the six are produced, on one partition, so it
    // then consumes them as one chunk.
    await h.startWriter();
    await h.stopWriter();
    baseline = h.emulator.exportState().credits.used;
    await h.produce(
      h.topics.patientResolved,
      'PatientResolved',
      keys.map((key, i) => patientEvent(key, [{ locationId: 'L1', sourceKey: `b${i + 1}` }], { chartNumber: `B-${i + 1}`, ...(key === 'ck-b4' ? { dateOfBirth: '1990-13-45' } : {}) })),
      { partition: 0 },
    );
    await h.startWriter();
  });
  after(() => h.stop());

  // the records' outcomes (provisioning at start ledgers its fields too)
  const outcomes = async (atLeast: number) => (await h.ledger(atLeast, 3_000)).filter((e) => e.phase === 'OUTCOME' && e.operation !== 'PROVISION');

  test('a job with a failed row: good rows in Zoho and the ledger with their ids, the bad row reported, nothing lost', async () => {
    await eventually('the bulk job written', async () => (await outcomes(12)).length >= 6);
    const contacts = h.records('Contacts');
    const written = outcomes(12);
    for (const key of keys.filter((k) => k !== 'ck-b4')) {
      const contact = contacts.filter((c) => c['PANDA_Patient_Key'] === key);
      assert.equal(contact.length, 1, `${key} written once`);
      const outcome = (await written).find((e) => e.recordKey === key)!;
      assert.deepEqual([outcome.result, outcome.zohoId], ['INSERTED', contact[0]!['id']]);
    }
    assert.equal(contacts.find((c) => c['PANDA_Patient_Key'] === 'ck-b4'), undefined);
    const bad = (await written).find((e) => e.recordKey === 'ck-b4')!;
    assert.deepEqual([bad.result, bad.errorCode, bad.errorField], ['FAILED', 'INVALID_DATA', 'Date_of_Birth']);
    assert.deepEqual(await h.deadLetterCodes(1), ['ZOHO_INVALID_DATA']);
    // Every input has its outcome: five written, one reported.
    assert.equal(new Set((await written).map((e) => e.recordKey)).size, 6);
    // It was a Bulk Write job (500 credits), not six records API upserts (1 credit).
    const spent = h.emulator.exportState().credits.used - baseline;
    assert.ok(spent >= 500 && spent < 600, `credits spent on the chunk: ${spent}`);
    // The ledger's intents carry what was sent, as on the REST path (the reconciler compares with it).
    const intent = (await h.ledger(12, 1_000)).find((e) => e.phase === 'INTENT' && e.recordKey === 'ck-b1')!;
    assert.equal(intent.sentFields['PANDA_Chart_Number'], JSON.stringify('B-1'));
  });

  test('a replay of the chunk runs no second job: the written rows are skipped (the ledger has them), the refused row is tried again', async () => {
    const before = h.records('Contacts').map((c) => [c['PANDA_Patient_Key'], c['id']]).sort();
    const creditsBefore = h.emulator.exportState().credits.used;
    await h.stopWriter();
    const admin = h.kafka.admin();
    await admin.connect();
    await admin.deleteGroups([`${h.namespace}.zoho-writer`, `${h.namespace}.zoho-writer.parked`]).catch(() => undefined);
    await admin.disconnect();
    await h.startWriter();
    await eventually('the replayed chunk handled and committed', () => h.drained());
    assert.equal(await h.handled('skipped'), 5, 'the five written rows skipped as replays');
    assert.deepEqual(h.records('Contacts').map((c) => [c['PANDA_Patient_Key'], c['id']]).sort(), before);
    assert.equal(await requests(h, 'POST', '/crm/bulk/v8/write'), 0, 'no second Bulk Write job');
    // the records API: the Deals account at start, and ck-b4 (one record, below the threshold)
    assert.equal(await requests(h, 'POST', '/crm/v8/{module}/upsert'), 2);
    const spent = h.emulator.exportState().credits.used - creditsBefore;
    assert.ok(spent < 500, `credits spent on the replay: ${spent}`);
    const all = await outcomes(14);
    assert.equal(all.filter((e) => e.result === 'UPDATED').length, 0, 'no written row was written again');
    assert.deepEqual(all.filter((e) => e.recordKey === 'ck-b4').map((e) => [e.result, e.errorCode]), [['FAILED', 'INVALID_DATA'], ['FAILED', 'INVALID_DATA']]);
    assert.deepEqual(await h.deadLetterCodes(2), ['ZOHO_INVALID_DATA', 'ZOHO_INVALID_DATA']);
  });
});

// A crash after the job's calls, before its outcomes are committed (issue #5): the restart resolves the
// open intents by external id (recovered outcomes) and the redelivered chunk sends nothing again — one
// Bulk Write job in all, not two (500 more credits, every record rewritten).
describe('zoho-writer: a crash between a Bulk Write job and its outcomes', () => {
  const h = new WriterHarness({ WRITER_BULK_THRESHOLD: '4', WRITER_BULK_POLL_MS: '20' });
  const keys = ['ck-c1', 'ck-c2', 'ck-c3', 'ck-c4', 'ck-c5'];
  before(() => h.start());
  after(() => h.stop());

  test('after the restart the emulator sees no second job; every record is in Zoho once; the ledger is complete', async () => {
    let crashes = 0;
    await h.startWriter({
      afterZohoCalls: () => {
        crashes++;
        throw new Error('test: the writer dies between the Bulk Write job and the outcomes');
      },
    });
    // One send to one partition: one fetched batch, one chunk, one job.
    await h.produce(h.topics.patientResolved, 'PatientResolved', keys.map((key, i) => patientEvent(key, [{ locationId: 'L1', sourceKey: `c${i + 1}` }], { chartNumber: `C-${i + 1}` })), { partition: 0 });
    await eventually('the job done, then the crash', async () => crashes >= 1);
    const jobsBeforeRestart = await requests(h, 'POST', '/crm/bulk/v8/write');
    assert.equal(jobsBeforeRestart, 1);
    await h.stopWriter();
    assert.equal(h.records('Contacts').length, keys.length, 'the job wrote every record before the crash');
    const creditsBefore = h.emulator.exportState().credits.used;

    await h.startWriter();
    await eventually('the redelivered chunk handled and committed', () => h.drained());
    assert.equal(jobsBeforeRestart + (await requests(h, 'POST', '/crm/bulk/v8/write')), 1, 'one Bulk Write job in all');
    assert.equal(await requests(h, 'POST', '/crm/v8/{module}/upsert'), 1, 'no records API upsert either (the Deals account at start only)');
    const spent = h.emulator.exportState().credits.used - creditsBefore;
    assert.ok(spent < 500, `credits spent after the restart (recovery's lookups only): ${spent}`);
    assert.equal(await h.handled('skipped'), keys.length, 'every record of the chunk skipped as a replay');

    const contacts = h.records('Contacts');
    const ledger = (await h.ledger(2 * keys.length, 2_000)).filter((e) => e.operation !== 'PROVISION');
    for (const key of keys) {
      const contact = contacts.filter((c) => c['PANDA_Patient_Key'] === key);
      assert.equal(contact.length, 1, `${key} in Zoho once`);
      const entries = ledger.filter((e) => e.recordKey === key);
      assert.deepEqual(entries.map((e) => [e.phase, e.result, e.zohoId, e.recovered]), [['INTENT', null, null, false], ['OUTCOME', 'INSERTED', contact[0]!['id'], true]], `${key}: its intent and its recovered outcome, no second call's`);
    }
  });
});

// A chunk of thousands: its intents and outcomes exceed the broker's 1 MiB batch limit unless sent in slices.
describe('zoho-writer: a Bulk Write chunk of 2,500 patients', () => {
  const h = new WriterHarness({ WRITER_BULK_THRESHOLD: '2000', WRITER_BULK_POLL_MS: '20' });
  const count = 2_500;
  before(async () => {
    await h.start();
    await h.startWriter();
    await h.stopWriter();
    const events = Array.from({ length: count }, (_, i) => patientEvent(`ck-m${i}`, [{ locationId: 'L1', sourceKey: `m${i}` }], { chartNumber: `M-${i}`, email: `m${i}@example.test` }));
    for (let start = 0; start < count; start += 500) await h.produce(h.topics.patientResolved, 'PatientResolved', events.slice(start, start + 500), { partition: 0 });
    await h.startWriter();
  });
  after(() => h.stop());

  test('one job writes them all; every record has its outcome with its Zoho id', async () => {
    await eventually('all written', async () => h.records('Contacts').length === count, 180_000);
    const ledger = await h.ledger(2 * count, 3_000);
    const outcomes = ledger.filter((e) => e.phase === 'OUTCOME' && e.operation !== 'PROVISION');
    assert.equal(outcomes.length, count);
    const ids = new Map(h.records('Contacts').map((c) => [c['PANDA_Patient_Key'], c['id']]));
    assert.ok(outcomes.every((o) => o.result === 'INSERTED' && o.zohoId === ids.get(o.recordKey)));
    // One job, no records API upsert of a patient (the only upsert call: the Deals account at start).
    const requests = (await h.metrics!.registry.getSingleMetric('p2z_zoho_requests_total')!.get()).values;
    const calls = (method: string, endpoint: string) => requests.filter((v) => v.labels['method'] === method && v.labels['endpoint'] === endpoint).reduce((n, v) => n + v.value, 0);
    assert.equal(calls('POST', '/crm/bulk/v8/write'), 1);
    assert.equal(calls('POST', '/crm/v8/{module}/upsert'), 1);
  });
});
