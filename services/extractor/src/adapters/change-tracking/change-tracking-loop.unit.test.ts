import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPermanent, TransientError } from '@panda2zoho/kafka';
import { REFERENCE_TABLES, tableForEntity } from '@panda2zoho/panda-model';
import { InMemoryCheckpointStore } from './checkpoint-store.ts';
import { runChangeTrackingLoop } from './change-tracking-loop.ts';
import { ChangeTrackingPoller, type ChangeTrackingBatch } from './change-tracking-poller.ts';
import { RecordedChangeTrackingSource, type RecordedSnapshot } from './recorded-change-tracking-source.ts';

const patients = tableForEntity(REFERENCE_TABLES, 'patient');
const fast = { initialDelayMs: 1, maxDelayMs: 2, maxAttempts: 3 };
const reload = (version: string, ids: number[]): RecordedSnapshot => ({
  currentVersion: version,
  tables: { Patients: { objectId: 1, minValidVersion: '0', rows: ids.map((PatientID) => ({ PatientID })) } },
});

test('a lost connection is retried from the last checkpoint; the loop stops when aborted', async () => {
  const snapshots: RecordedSnapshot[] = [{ failure: { code: 'ESOCKET' } }, reload('4', [1, 2]), { currentVersion: '4', tables: { Patients: { objectId: 1, minValidVersion: '0' } } }];
  const checkpoints = new InMemoryCheckpointStore();
  const poller = new ChangeTrackingPoller({ source: new RecordedChangeTrackingSource({ snapshots }), checkpoints, locationId: 'loc1', tables: [patients] });
  const controller = new AbortController();
  const handled: ChangeTrackingBatch[] = [];
  const retries: unknown[] = [];
  let passes = 0;
  await runChangeTrackingLoop({
    pollers: [poller],
    handleBatch: async (batch) => {
      handled.push(batch);
    },
    intervalMs: 0,
    retry: fast,
    signal: controller.signal,
    onRetry: (error) => retries.push(error),
    sleep: async () => {
      if (++passes === 3) controller.abort(); // two retries' waits + one interval: then stop
    },
  });
  assert.equal(retries.length, 1);
  assert.ok(retries[0] instanceof TransientError);
  assert.deepEqual(handled.map((b) => b.items.length), [2]);
  assert.equal(checkpoints.snapshot()['loc1:Patients']?.version, 4);
});

test('the checkpoint is written only after the batch was handled; a failed hand-off leaves it', async () => {
  const checkpoints = new InMemoryCheckpointStore();
  const poller = new ChangeTrackingPoller({ source: new RecordedChangeTrackingSource({ snapshots: [reload('4', [1])] }), checkpoints, locationId: 'loc1', tables: [patients] });
  await assert.rejects(
    runChangeTrackingLoop({
      pollers: [poller],
      handleBatch: async () => {
        throw new Error('producer bug');
      },
      intervalMs: 0,
      retry: fast,
      signal: new AbortController().signal,
    }),
    /producer bug/,
  );
  assert.deepEqual(checkpoints.snapshot(), {});
});

test('a permanent failure (table missing) ends the loop with its message, without retrying', async () => {
  const snapshots: RecordedSnapshot[] = [{ currentVersion: '3', tables: { Patients: { objectId: null, minValidVersion: null } } }];
  const poller = new ChangeTrackingPoller({ source: new RecordedChangeTrackingSource({ snapshots }), checkpoints: new InMemoryCheckpointStore(), locationId: 'loc1', tables: [patients] });
  const retries: unknown[] = [];
  await assert.rejects(
    runChangeTrackingLoop({ pollers: [poller], handleBatch: async () => {}, intervalMs: 0, retry: fast, signal: new AbortController().signal, onRetry: (e) => retries.push(e) }),
    (e: unknown) => isPermanent(e) && e.code === 'TABLE_NOT_FOUND',
  );
  assert.equal(retries.length, 0);
});
