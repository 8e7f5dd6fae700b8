import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describePlan, planProvisioning } from './provisioning-plan.ts';
import { CHARTING_MODULE, zohoSchema } from './zoho-schema.ts';

const standard = ['Contacts', 'Accounts', 'Deals', 'Tasks', 'Notes'];

test('a fresh org gets the charting module and every custom field; a provisioned org gets nothing', () => {
  const desired = zohoSchema('picklist');
  const fresh = planProvisioning(desired, { modules: new Set(standard), fields: new Map([['Contacts', new Set(['Last_Name', 'Email'])]]) });
  assert.deepEqual(fresh.filter((s) => s.kind === 'create-module').map((s) => s.module), [CHARTING_MODULE]);
  const fieldCount = fresh.flatMap((s) => (s.kind === 'create-fields' ? s.fields : [])).length;
  assert.equal(fieldCount, desired.reduce((n, m) => n + m.fields.length, 0));
  assert.ok(describePlan(fresh).includes('create field Contacts.PANDA_Patient_Key (text, unique)'));

  const done = planProvisioning(desired, {
    modules: new Set([...standard, CHARTING_MODULE]),
    fields: new Map(desired.map((m) => [m.module, new Set(m.fields.map((f) => f.api_name))])),
  });
  assert.deepEqual(done, []);
  assert.match(describePlan(done)[0]!, /^nothing to do/);
});

test('only the missing fields are planned, and a missing standard module is an error', () => {
  const desired = zohoSchema('picklist').filter((m) => m.module === 'Tasks');
  const plan = planProvisioning(desired, { modules: new Set(['Tasks']), fields: new Map([['Tasks', new Set(['PANDA_Task_Key', 'PANDA_Flag_Type'])]]) });
  assert.deepEqual(plan.flatMap((s) => (s.kind === 'create-fields' ? s.fields.map((f) => f.api_name) : [])), [
    'PANDA_Flag_Text', 'Source_Created_Time', 'Source_Modified_Time', 'PANDA_Deleted',
  ]);
  assert.throws(() => planProvisioning(desired, { modules: new Set(), fields: new Map() }), /standard module Tasks/);
});

test('every label derives its api name the way Zoho does (spaces → _)', () => {
  for (const m of zohoSchema('picklist')) for (const f of m.fields) assert.equal(f.field_label.trim().replace(/\s+/g, '_'), f.api_name);
});
