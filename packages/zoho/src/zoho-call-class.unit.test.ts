import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import { classifyZohoCall, coqlLimit } from './zoho-call-class.ts';
import { createZohoMetrics } from './zoho-metrics.ts';

const records = (n: number) => ({ data: Array.from({ length: n }, () => ({})) });

test('credits, complex pool and idempotency by Zoho’s published table (reference §7)', () => {
  const cases: Array<[string, string, unknown, { credits: number; complex: boolean; idempotent: boolean }]> = [
    ['POST', '/crm/v8/Contacts/upsert', records(100), { credits: 10, complex: true, idempotent: true }],
    ['POST', '/crm/v8/Contacts/upsert', records(10), { credits: 1, complex: false, idempotent: true }],
    ['POST', '/crm/v8/Contacts', records(11), { credits: 2, complex: true, idempotent: false }],
    ['PUT', '/crm/v8/Deals', records(35), { credits: 4, complex: true, idempotent: true }],
    ['POST', '/crm/v8/Notes', records(3), { credits: 1, complex: false, idempotent: false }],
    ['POST', '/crm/v8/coql', { select_query: 'select id from Contacts where id is not null limit 0, 2000' }, { credits: 3, complex: true, idempotent: true }],
    ['POST', '/crm/v8/coql', { select_query: 'select id from Contacts where id is not null' }, { credits: 1, complex: true, idempotent: true }],
    ['GET', '/crm/v8/Contacts/search?criteria=(Email:equals:x)', undefined, { credits: 1, complex: false, idempotent: true }],
    ['DELETE', '/crm/v8/Contacts?ids=1,2', undefined, { credits: 1, complex: false, idempotent: true }],
    ['POST', '/crm/v8/Contacts/1/Attachments', undefined, { credits: 1, complex: false, idempotent: false }],
    ['POST', '/crm/bulk/v8/write', {}, { credits: 500, complex: true, idempotent: false }],
    ['GET', '/crm/bulk/v8/write/123', undefined, { credits: 1, complex: false, idempotent: true }],
    ['POST', '/crm/v8/settings/modules', {}, { credits: 500, complex: false, idempotent: false }],
  ];
  for (const [method, path, body, expected] of cases) assert.deepEqual(classifyZohoCall(method, path, body), expected, `${method} ${path}`);
  assert.equal(coqlLimit('select a from B where c = 1 limit 500 offset 10'), 500);
  assert.equal(coqlLimit('select a from B where c = 1 limit 10, 1000'), 1000);
});

test('the credit budget shows in metrics: used, reserve, paused, pauses', async () => {
  const registry = new Registry();
  const metrics = createZohoMetrics(registry);
  metrics.used(120, 1_000, 200);
  metrics.paused(60_000, 10);
  let text = await registry.metrics();
  assert.match(text, /^p2z_zoho_credit_budget_used 120$/m);
  assert.match(text, /^p2z_zoho_credit_budget_reserve 200$/m);
  assert.match(text, /^p2z_zoho_credits_daily_limit 1000$/m);
  assert.match(text, /^p2z_zoho_credit_budget_paused 1$/m);
  assert.match(text, /^p2z_zoho_credit_budget_pauses_total 1$/m);
  metrics.resumed();
  text = await registry.metrics();
  assert.match(text, /^p2z_zoho_credit_budget_paused 0$/m);
});
