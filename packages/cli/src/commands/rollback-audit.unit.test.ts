import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RollbackPlan, RollbackReport } from '@panda2zoho/zoho-writer';
import { rollbackAudit } from './rollback-audit.ts';

const scope = { runId: 'run-1', locationId: 'L2', sinceMs: Date.parse('2026-11-25T14:00:00Z'), includeProvisioning: false, force: true };
const plan = { rollbackId: 'rb-1', steps: [[{}, {}], [{}]], skipped: [{ module: 'Contacts', recordKey: 'ck-9', code: 'NO_BEFORE_IMAGE' }] } as unknown as RollbackPlan;
const report: RollbackReport = {
  rollbackId: 'rb-1',
  modules: { Notes: { deleted: 1, restored: 0, alreadyGone: 1, skipped: 0, failed: 0, pending: 0 }, Contacts: { deleted: 0, restored: 1, alreadyGone: 0, skipped: 1, failed: 0, pending: 0 } },
  problems: [{ module: 'Contacts', recordKey: 'ck-secret-key', status: 'skipped', code: 'CHANGED_SINCE_MIGRATION', field: 'Last_Name' }],
  complete: false,
};

test('a rollback is audited when it starts and when it ends: operator, run, scope, counts; no record keys', () => {
  const started = rollbackAudit('started', scope, 'dr.ops', plan, null, 1_000);
  assert.deepEqual([started.actor, started.action, started.subject, started.via, started.atMs], ['dr.ops', 'ROLLBACK_STARTED', 'rollback:rb-1', 'cli', 1_000]);
  assert.deepEqual(JSON.parse(started.detail!), {
    runId: 'run-1', scope: { location: 'L2', since: '2026-11-25T14:00:00.000Z', includeProvisioning: false, force: true }, planned: 3, skippedInPlan: 1,
  });
  const ended = rollbackAudit('ended', scope, 'dr.ops', plan, report, 2_000);
  assert.equal(ended.action, 'ROLLBACK_INCOMPLETE');
  assert.deepEqual(JSON.parse(ended.detail!).counts, { deleted: 1, restored: 1, alreadyGone: 1, skipped: 1, failed: 0, pending: 0 });
  assert.doesNotMatch(ended.detail!, /ck-|Last_Name/);
  assert.equal(rollbackAudit('ended', scope, 'dr.ops', plan, { ...report, complete: true }, 2_000).action, 'ROLLBACK_COMPLETED');
  assert.notEqual(started.eventId, ended.eventId);
});
