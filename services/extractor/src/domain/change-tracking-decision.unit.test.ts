import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decideChangeTrackingRead, reloadWarningReason, type ChangeTrackingDecision, type TableVersionsRead } from './change-tracking-decision.ts';

const at = '2026-01-01T00:00:00.000Z';
const tracked = (minValidVersion: number, currentVersion: number): TableVersionsRead => ({ tableFound: true, minValidVersion, currentVersion });

test('the next read follows from the checkpoint, the minimum valid version and the current version', () => {
  const cases: Array<[string, number | undefined, TableVersionsRead, ChangeTrackingDecision]> = [
    ['first run: initial load', undefined, tracked(0, 7), { kind: 'reload', reason: 'first-run', toVersion: 7, deletesMayBeMissed: false }],
    ['changes since the checkpoint', 7, tracked(1, 10), { kind: 'read-changes', fromVersion: 7, toVersion: 10 }],
    ['a checkpoint equal to the minimum is still valid', 5, tracked(5, 9), { kind: 'read-changes', fromVersion: 5, toVersion: 9 }],
    ['nothing new', 10, tracked(1, 10), { kind: 'up-to-date', version: 10 }],
    ['expired checkpoint: reload', 10, tracked(11, 12), { kind: 'reload', reason: 'checkpoint-expired', toVersion: 12, deletesMayBeMissed: true }],
    ['checkpoint ahead of a restored database: reload', 50, tracked(1, 12), { kind: 'reload', reason: 'checkpoint-ahead', toVersion: 12, deletesMayBeMissed: true }],
    ['table missing', 3, { tableFound: false, minValidVersion: null, currentVersion: 9 }, { kind: 'table-not-found' }],
    ['tracking off for the database', 3, { tableFound: true, minValidVersion: null, currentVersion: null }, { kind: 'not-tracked', scope: 'database' }],
    ['tracking off for the table', 3, { tableFound: true, minValidVersion: null, currentVersion: 9 }, { kind: 'not-tracked', scope: 'table' }],
  ];
  for (const [label, version, read, expected] of cases) {
    assert.deepEqual(decideChangeTrackingRead(version === undefined ? undefined : { version, at }, read), expected, label);
  }
});

test('the reload warning names the table and versions, and says deletes cannot be seen', () => {
  const decision = decideChangeTrackingRead({ version: 10, at }, tracked(11, 12));
  assert.equal(decision.kind, 'reload');
  if (decision.kind !== 'reload') return;
  assert.equal(
    reloadWarningReason('Patients', decision, { version: 10, at }),
    'dbo.Patients: checkpoint 10 is older than the minimum valid Change Tracking version (retention cleanup or TRUNCATE); reloaded every row at version 12; rows deleted since 10 cannot be seen and get no DELETE',
  );
});
