import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sourceEvent, testContext as ctx } from './normalize-context.test-support.ts';
import { assembleTreatmentPlan } from './treatment-plan.ts';

const plan = (fields: Record<string, string | number | null> = {}) =>
  sourceEvent('treatment_plan', '12', { planId: 12, patientId: 5, providerId: 2, title: 'Phase I therapy', status: 'Presented', presentedDate: '2025-04-01', notes: null, createdAt: '2025-04-01T10:00:00.000', modifiedAt: null, ...fields });
const procedure = (id: number, phase: number, code: string, teeth: string | null, fee: string) =>
  sourceEvent('treatment_procedure', String(id), { procedureId: id, planId: 12, phase, cdtCode: code, teeth, description: 'scaling and root planing', fee, status: 'Planned' });

test('a plan is assembled with its procedures: CDT codes canonical, teeth Universal, phases, fee total, count', () => {
  const record = assembleTreatmentPlan({ plan: plan(), procedures: [procedure(3, 2, '04910', 'all', '120.00'), procedure(1, 1, '4341', '2-5', '250.50'), procedure(2, 1, 'd4342', '#14 #15', '180.00')] }, ctx);
  const f = record.fields!;
  assert.equal(record.recordKey, 'LOC01:treatment_plan:12');
  assert.deepEqual(record.parents.map((p) => p.recordKey), ['LOC01:patient:5', 'LOC01:provider:2']);
  assert.equal(f['cdtCodes'], 'D4341,D4342,D4910');
  assert.equal(f['teeth'], '2,3,4,5,14,15');
  assert.equal(f['phases'], '1,2');
  assert.equal(f['totalFee'], '550.50');
  assert.equal(f['procedureCount'], 3);
  assert.equal(f['presentedDate'], '2025-04-01');
  assert.deepEqual(String(f['procedures']).split('\n'), [
    'phase 1 | D4341 | 2,3,4,5 | scaling and root planing | 250.50 | Planned',
    'phase 1 | D4342 | 14,15 | scaling and root planing | 180.00 | Planned',
    'phase 2 | D4910 | full mouth | scaling and root planing | 120.00 | Planned',
  ]);
  assert.deepEqual(record.issues, []);
});

test('an unreadable CDT code or teeth list is kept raw with an issue (code quoted: not PHI)', () => {
  const record = assembleTreatmentPlan({ plan: plan(), procedures: [procedure(1, 1, 'X12', 'upper left-ish', '10.00')] }, ctx);
  assert.equal(record.fields!['cdtCodes'], 'X12');
  assert.match(String(record.fields!['procedures']), /X12 \| upper left-ish/);
  assert.deepEqual(record.issues.map((i) => [i.rule, i.action, i.before]), [['CDT_CODE_UNREADABLE', 'KEPT', '"X12"'], ['TEETH_LIST_UNREADABLE', 'KEPT', '"upper left-ish"']]);
});

test('a missing title gets a non-PHI placeholder (Deal_Name is mandatory); a deleted plan is a DELETE', () => {
  const untitled = assembleTreatmentPlan({ plan: plan({ title: '  ' }), procedures: [] }, ctx);
  assert.equal(untitled.fields!['title'], 'Treatment plan 12');
  assert.deepEqual(untitled.issues.map((i) => [i.rule, i.action]), [['MANDATORY_PLACEHOLDER', 'PLACEHOLDER']]);
  const deleted = assembleTreatmentPlan({ plan: { ...plan(), operation: 'DELETE' }, procedures: [] }, ctx);
  assert.deepEqual([deleted.operation, deleted.fields], ['DELETE', null]);
});

test('procedure order does not change the plan', () => {
  const procs = [procedure(3, 2, '04910', 'all', '120.00'), procedure(1, 1, '4341', '2-5', '250.50'), procedure(2, 1, 'd4342', '#14 #15', '180.00')];
  const p = plan();
  assert.deepEqual(assembleTreatmentPlan({ plan: p, procedures: procs }, ctx), assembleTreatmentPlan({ plan: p, procedures: [...procs].reverse() }, ctx));
});
