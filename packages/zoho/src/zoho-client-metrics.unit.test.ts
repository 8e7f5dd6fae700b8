import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { Registry } from 'prom-client';
import { ZohoAuth } from './zoho-auth.ts';
import { endpointTemplate } from './zoho-call-observer.ts';
import { ZohoClient } from './zoho-client.ts';
import { createZohoMetrics } from './zoho-metrics.ts';

test('endpoint templates carry no ids, modules or query values', () => {
  const cases: Array<[string, string]> = [
    ['/crm/v8/Contacts/upsert', '/crm/v8/{module}/upsert'],
    ['/crm/v8/Contacts?fields=id,Last_Name&page=2', '/crm/v8/{module}'],
    ['/crm/v8/Contacts/4876876000000624001', '/crm/v8/{module}/{id}'],
    ['/crm/v8/settings/fields?module=Contacts', '/crm/v8/settings/fields'],
    ['/crm/v8/coql', '/crm/v8/coql'],
    ['/crm/bulk/v8/write/4876876000000624001', '/crm/bulk/v8/write/{id}'],
  ];
  for (const [path, template] of cases) assert.equal(endpointTemplate(path), template, path);
});

// A stand-in Zoho: answers by path, so each metric can be checked against a known answer.
let server: Server;
let url = '';
let upsertCalls = 0;
before(async () => {
  server = createServer((req, res) => {
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/oauth/v2/token') return send(200, { access_token: 'token-1', expires_in: 3600 });
    if (req.url === '/crm/v8/Contacts/upsert') {
      upsertCalls++;
      if (upsertCalls === 1) return send(429, { code: 'TOO_MANY_REQUESTS', status: 'error' }, { 'Retry-After': '0' });
      return send(200, { data: Array.from({ length: 25 }, () => ({ code: 'SUCCESS', status: 'success', message: '', details: {} })) }, { 'X-API-CREDITS-REMAINING': '1234' });
    }
    return send(400, { code: 'INVALID_URL_PATTERN', status: 'error' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

test('every call is counted by endpoint, status and code; credits and concurrency are tracked', async () => {
  const registry = new Registry();
  const client = new ZohoClient({ auth: new ZohoAuth({ accountsUrl: url, clientId: 'c', clientSecret: 's', refreshToken: 'r' }), apiUrl: url, observer: createZohoMetrics(registry, { creditsPerDay: 5000 }) });
  const records = Array.from({ length: 25 }, (_, i) => ({ Last_Name: `n${i}` }));
  // The first answer is a 429 (Retry-After: 0): backed off and repeated by the client.
  assert.equal((await client.upsert('Contacts', records, ['PANDA_Patient_Key'])).length, 25);
  assert.equal((await client.upsert('Contacts', records, ['PANDA_Patient_Key'])).length, 25);
  await assert.rejects(client.request('GET', '/crm/v8/Deals/4876876000000624001?fields=Amount'), { code: 'ZOHO_INVALID_URL_PATTERN' });

  const text = await registry.metrics();
  const value = (series: string) => {
    const line = text.split('\n').find((l) => l.startsWith(series + ' '));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  };
  assert.equal(value('p2z_zoho_requests_total{method="POST",endpoint="/crm/v8/{module}/upsert",status="429",code="TOO_MANY_REQUESTS"}'), 1);
  assert.equal(value('p2z_zoho_requests_total{method="POST",endpoint="/crm/v8/{module}/upsert",status="200",code="OK"}'), 2);
  assert.equal(value('p2z_zoho_requests_total{method="GET",endpoint="/crm/v8/{module}/{id}",status="400",code="INVALID_URL_PATTERN"}'), 1);
  // 25 records cost 3 credits, twice; the 429 cost nothing; the refused GET cost 1.
  assert.equal(value('p2z_zoho_credits_used_total{endpoint="/crm/v8/{module}/upsert"}'), 6);
  assert.equal(value('p2z_zoho_credits_used_total{endpoint="/crm/v8/{module}/{id}"}'), 1);
  assert.equal(value('p2z_zoho_credits_remaining'), 1234);
  assert.equal(value('p2z_zoho_credits_daily_limit'), 5000);
  assert.equal(value('p2z_zoho_concurrency_in_use'), 0, 'every call finished');
  assert.ok(!text.includes('token-1') && !text.includes('4876876000000624001') && !text.includes('Amount'), 'no token, id or query value in a label');
});
