import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RollbackPlan, RollbackReport } from '@panda2zoho/zoho-writer';
import { formatRollback, operatorFrom, parseSince, rollbackJson } from './rollback.ts';

test('a rollback needs the operator token and a name; the token is never the name', () => {
  assert.throws(() => operatorFrom({}, 'dr.ops'), /P2Z_OPERATOR_TOKEN/);
  assert.throws(() => operatorFrom({ P2Z_OPERATOR_TOKEN: 'short' }, 'dr.ops'), /at least 16/);
  assert.throws(() => operatorFrom({ P2Z_OPERATOR_TOKEN: 'a-long-enough-operator-token' }, '  '), /--operator/);
  assert.deepEqual(operatorFrom({ P2Z_OPERATOR_TOKEN: 'a-long-enough-operator-token', P2Z_OPERATOR_NAME: 'Dr. Ops' }, undefined), { name: 'Dr. Ops', token: 'a-long-enough-operator-token' });
});

test('--since takes an ISO time and refuses anything else', () => {
  assert.equal(parseSince(undefined), null);
  assert.equal(parseSince('2026-11-25T14:00:00Z'), Date.parse('2026-11-25T14:00:00Z'));
  assert.throws(() => parseSince('yesterday'), /ISO/);
  assert.throws(() => parseSince('2026-13-45'), /ISO/);
});

test('the report per module, its problems by code and field (no values), and the JSON form', () => {
  const report: RollbackReport = {
    rollbackId: 'rb-1',
    modules: { Notes: { deleted: 3, restored: 0, alreadyGone: 1, skipped: 0, failed: 0, pending: 0 }, Contacts: { deleted: 1, restored: 1, alreadyGone: 0, skipped: 1, failed: 0, pending: 0 } },
    problems: [{ module: 'Contacts', recordKey: 'ck-9', status: 'skipped', code: 'CHANGED_SINCE_MIGRATION', field: 'Last_Name' }],
    complete: false,
  };
  const plan: RollbackPlan = { rollbackId: 'rb-1', steps: [], skipped: [], keptModules: [] };
  const text = formatRollback({ plan, report }, false);
  assert.match(text, /NOT everything undone/);
  assert.match(text, /Notes\s+3\s+0\s+1\s+0\s+0\s+0/);
  assert.match(text, /skipped Contacts ck-9: CHANGED_SINCE_MIGRATION \(field Last_Name\)/);
  const json = rollbackJson({ plan, report }, { runId: 'r', locationId: 'L1', sinceMs: null, operator: 'Dr. Ops', dryRun: false });
  assert.deepEqual([json['complete'], json['operator'], json['scope']], [false, 'Dr. Ops', { location: 'L1', since: null, includeProvisioning: false }]);
});

test('--include-provisioning: the fields on rows of their own, the module kept said precisely, and what is kept without it', () => {
  const report: RollbackReport = {
    rollbackId: 'rb-2',
    modules: { Contacts: { deleted: 2, restored: 0, alreadyGone: 0, skipped: 0, failed: 0, pending: 0 }, 'Contacts (fields)': { deleted: 11, restored: 0, alreadyGone: 1, skipped: 0, failed: 1, pending: 0 } },
    problems: [{ module: 'Contacts (fields)', recordKey: 'zoho-field:Contacts.PANDA_Sex', status: 'failed', code: 'NOT_ALLOWED', field: 'PANDA_Sex' }],
    complete: false,
  };
  const plan: RollbackPlan = { rollbackId: 'rb-2', steps: [], skipped: [], keptModules: ['PANDA_Charting'] };
  const text = formatRollback({ plan, report }, false, true);
  assert.match(text, /Contacts \(fields\)\s+11\s+0\s+1\s+0\s+1\s+0/);
  assert.match(text, /failed Contacts \(fields\) zoho-field:Contacts.PANDA_Sex: NOT_ALLOWED \(field PANDA_Sex\)/);
  assert.match(text, /provisioning: removes the Deals account .* every custom field the run's provisioning created/);
  assert.match(text, /kept module PANDA_Charting: .*no Zoho API deletes a module/);
  assert.match(text, /layout sections \(no documented API removes one/);
  const without = formatRollback({ plan: { ...plan, keptModules: [] }, report }, false);
  assert.match(without, /provisioning: kept: the custom fields and modules provisioning created and the Deals account/);
  const json = rollbackJson({ plan, report }, { runId: 'r', locationId: null, sinceMs: null, operator: 'Dr. Ops', dryRun: false, includeProvisioning: true });
  assert.deepEqual([json['keptModules'], (json['scope'] as { includeProvisioning: boolean }).includeProvisioning], [['PANDA_Charting'], true]);
});
