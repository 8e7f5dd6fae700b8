import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { isPermanent } from '@panda2zoho/kafka';
import { REFERENCE_TABLES, tableForEntity } from '@panda2zoho/panda-model';
import { InMemoryCheckpointStore } from './checkpoint-store.ts';
import { ChangeTrackingPoller, type ChangeTrackingBatch } from './change-tracking-poller.ts';
import { loadRecording, RecordedChangeTrackingSource, type ChangeTrackingRecording } from './recorded-change-tracking-source.ts';

const fixture = fileURLToPath(new URL('../../../test-fixtures/change-tracking/two-tables-three-passes.json', import.meta.url));
const tables = [tableForEntity(REFERENCE_TABLES, 'patient'), tableForEntity(REFERENCE_TABLES, 'perio_site')];
const now = () => new Date('2026-01-01T00:00:00.000Z');

/** Handles every batch (as if its events were acknowledged) and commits it, like the polling loop. */
async function pass(poller: ChangeTrackingPoller, commit = true): Promise<ChangeTrackingBatch[]> {
  const batches: ChangeTrackingBatch[] = [];
  for await (const batch of poller.poll()) {
    batches.push(batch);
    if (commit) await batch.commit();
  }
  return batches;
}

const summary = (batches: ChangeTrackingBatch[]) =>
  batches.flatMap((b) => b.items.map((i) => (i.kind === 'change' ? `${i.change.operation} ${i.change.entity} ${i.change.sourceKey} @${i.change.sourcePosition}` : `problem ${i.code}`)));

test('first run reloads, then changes are read from the checkpoint, then an expired checkpoint reloads with a warning', async () => {
  const source = new RecordedChangeTrackingSource(loadRecording(fixture));
  const checkpoints = new InMemoryCheckpointStore();
  const poller = new ChangeTrackingPoller({ source, checkpoints, locationId: 'loc1', tables, now });

  const first = await pass(poller);
  assert.deepEqual(summary(first), [
    'UPSERT patient 1001 @Patients@7',
    'UPSERT patient 1002 @Patients@7',
    'UPSERT patient 1003 @Patients@7',
    'UPSERT perio_site 5001|3|MB @PerioSiteMeasurements@7',
    'UPSERT perio_site 5001|3|DB @PerioSiteMeasurements@7',
  ]);
  assert.deepEqual(first.map((b) => [b.read, b.warnings]), [
    [{ kind: 'reload', reason: 'first-run', toVersion: 7 }, []],
    [{ kind: 'reload', reason: 'first-run', toVersion: 7 }, []],
  ]);
  const ana = first[0]!.items[0]!;
  assert.ok(ana.kind === 'change');
  assert.equal(ana.change.fields?.['dateOfBirth'], '1961-04-02');
  assert.equal(ana.change.fields?.['createdAt'], '2019-03-05T14:30:00.123');
  assert.equal(ana.change.fields?.['lastName'], 'Núñez');
  assert.ok(!('ssn' in (ana.change.fields ?? {})), 'SSN never leaves the extractor');
  assert.deepEqual(checkpoints.snapshot(), { 'loc1:Patients': { version: 7, at: now().toISOString() }, 'loc1:PerioSiteMeasurements': { version: 7, at: now().toISOString() } });

  const second = await pass(poller);
  assert.deepEqual(summary(second), [
    'UPSERT patient 1001 @Patients@8',
    'UPSERT patient 1004 @Patients@9',
    'DELETE patient 1002 @Patients@10',
    'DELETE perio_site 5001|3|MB @PerioSiteMeasurements@9',
  ]);
  const deleted = second[0]!.items[2]!;
  assert.ok(deleted.kind === 'change' && deleted.change.fields === null);
  assert.equal(second[0]!.items[0]!.kind === 'change' && second[0]!.items[0]!.change.fields?.['email'], 'ana.nunez@example.test');
  assert.deepEqual(checkpoints.snapshot()['loc1:Patients']?.version, 10);

  const third = await pass(poller);
  assert.equal(third.length, 1, 'Patients is up to date: no read, no batch');
  assert.deepEqual(summary(third), ['UPSERT perio_site 5001|3|DB @PerioSiteMeasurements@12']);
  assert.deepEqual(third[0]!.read, { kind: 'reload', reason: 'checkpoint-expired', toVersion: 12 });
  assert.deepEqual(third[0]!.warnings.map((w) => w.code), ['CT_RELOAD_DELETES_UNSEEN']);
  assert.equal(checkpoints.snapshot()['loc1:PerioSiteMeasurements']?.version, 12);
  assert.equal(source.snapshotsUsed, 6);
});

test('a read is cut into batches; only the last one checkpoints, and an uncommitted read is read again', async () => {
  const recording = loadRecording(fixture);
  const firstPatients: ChangeTrackingRecording = { snapshots: [recording.snapshots[0]!, recording.snapshots[0]!] };
  const checkpoints = new InMemoryCheckpointStore();
  const poller = new ChangeTrackingPoller({ source: new RecordedChangeTrackingSource(firstPatients), checkpoints, locationId: 'loc1', tables: tables.slice(0, 1), maxBatchSize: 2, now });

  const batches: ChangeTrackingBatch[] = [];
  for await (const batch of poller.poll()) {
    batches.push(batch);
    await batch.commit();
    if (!batch.last) assert.deepEqual(checkpoints.snapshot(), {}, 'no checkpoint before the last batch is committed');
  }
  assert.deepEqual(batches.map((b) => [b.items.length, b.first, b.last]), [[2, true, false], [1, false, true]]);

  // The same read again, never committed: the checkpoint stays where it was.
  const again = new InMemoryCheckpointStore();
  const uncommitted = new ChangeTrackingPoller({ source: new RecordedChangeTrackingSource(firstPatients), checkpoints: again, locationId: 'loc1', tables: tables.slice(0, 1), now });
  const notAcknowledged = await pass(uncommitted, false);
  assert.deepEqual(again.snapshot(), {});
  const reread = await pass(uncommitted);
  assert.deepEqual(summary(reread), summary(notAcknowledged), 'the same changes, at the same positions (same event ids)');
  assert.equal(again.snapshot()['loc1:Patients']?.version, 7);
});

test('a full last batch is still the last: no empty batch follows it', async () => {
  const recording = loadRecording(fixture);
  const poller = new ChangeTrackingPoller({ source: new RecordedChangeTrackingSource({ snapshots: [recording.snapshots[0]!] }), checkpoints: new InMemoryCheckpointStore(), locationId: 'loc1', tables: tables.slice(0, 1), maxBatchSize: 3 });
  assert.deepEqual((await pass(poller)).map((b) => [b.items.length, b.last]), [[3, true]]);
});

test('idle table: changes in other tables moved the version on, so the checkpoint moves with an empty batch', async () => {
  const snapshots = [{ currentVersion: '15', tables: { Patients: { objectId: 1, minValidVersion: '1', changes: { fromVersion: 10, toVersion: 15, rows: [] } } } }];
  const checkpoints = new InMemoryCheckpointStore({ 'loc1:Patients': { version: 10, at: '' } });
  const batches = await pass(new ChangeTrackingPoller({ source: new RecordedChangeTrackingSource({ snapshots }), checkpoints, locationId: 'loc1', tables: tables.slice(0, 1), now }));
  assert.deepEqual(batches.map((b) => [b.items.length, b.last]), [[0, true]]);
  assert.equal(checkpoints.snapshot()['loc1:Patients']?.version, 15);
});

test('columns the table map expects but the server lacks are reported once, as a warning', async () => {
  const snapshots = [{ currentVersion: '3', tables: { PerioSiteMeasurements: { objectId: 1, minValidVersion: '0', rows: [{ ExamID: 1, Tooth: '3', Site: 'B', ProbingDepth: 2 }] } } }];
  const [batch] = await pass(new ChangeTrackingPoller({ source: new RecordedChangeTrackingSource({ snapshots }), checkpoints: new InMemoryCheckpointStore(), locationId: 'loc1', tables: tables.slice(1) }));
  assert.deepEqual(batch?.warnings.map((w) => [w.code, w.reason]), [
    ['SOURCE_COLUMNS_MISSING', 'dbo.PerioSiteMeasurements has no column GingivalMargin, Bleeding, Suppuration, Plaque: read as null (check the table map)'],
  ]);
});

test('a missing table or Change Tracking switched off stops the poller with a permanent, explanatory error', async () => {
  const cases: Array<[unknown, unknown, unknown, RegExp]> = [
    [null, null, '9', /TABLE_NOT_FOUND|does not exist/],
    [1, null, '9', /ENABLE CHANGE_TRACKING/],
    [1, null, null, /SET CHANGE_TRACKING = ON/],
  ];
  for (const [objectId, minValidVersion, currentVersion, message] of cases) {
    const snapshots = [{ currentVersion, tables: { Patients: { objectId, minValidVersion } } }];
    const poller = new ChangeTrackingPoller({ source: new RecordedChangeTrackingSource({ snapshots }), checkpoints: new InMemoryCheckpointStore(), locationId: 'loc1', tables: tables.slice(0, 1) });
    await assert.rejects(pass(poller), (e: unknown) => isPermanent(e) && message.test(e.message));
  }
});

test('tables that are not migrated (the Open Dental bridge) are never polled', async () => {
  const poller = new ChangeTrackingPoller({ source: new RecordedChangeTrackingSource({ snapshots: [] }), checkpoints: new InMemoryCheckpointStore(), locationId: 'loc1', tables: [tableForEntity(REFERENCE_TABLES, 'pms_bridge')] });
  assert.deepEqual(await pass(poller), []);
});
