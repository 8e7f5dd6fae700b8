import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyApiCall } from './api-call-classifier.ts';
import { ConcurrencyLimiter } from './concurrency-limiter.ts';
import { coqlCreditCost, dailyCreditLimit, writeCreditCost } from './credit-ledger.ts';
import { callApi, contact, manualClock, requestToken, startTestEmulator } from './emulator-test-harness.ts';

describe('credit and concurrency rules (pure)', () => {
  it('computes the daily budget per edition with caps', () => {
    assert.equal(dailyCreditLimit('free', 50), 5_000);
    assert.equal(dailyCreditLimit('standard', 10), 52_500);
    assert.equal(dailyCreditLimit('standard', 1_000), 100_000);
    assert.equal(dailyCreditLimit('professional', 10), 55_000);
    assert.equal(dailyCreditLimit('enterprise', 10), 60_000);
    assert.equal(dailyCreditLimit('ultimate', 10), 70_000);
  });

  it('charges writes per 10 records and COQL by LIMIT tier', () => {
    assert.deepEqual([1, 10, 11, 100].map(writeCreditCost), [1, 1, 2, 10]);
    assert.deepEqual([200, 201, 1000, 2000].map(coqlCreditCost), [1, 2, 2, 3]);
    assert.deepEqual(classifyApiCall('POST', '/Contacts/upsert', { data: Array(11).fill({}) }), { cost: 2, complex: true });
    assert.deepEqual(classifyApiCall('PUT', '/Contacts', { data: Array(10).fill({}) }), { cost: 1, complex: false });
    assert.deepEqual(classifyApiCall('POST', '/coql', { select_query: 'select id from Contacts where id is not null limit 500' }), { cost: 2, complex: true });
    assert.deepEqual(classifyApiCall('POST', '/settings/fields', { fields: [] }), { cost: 1, complex: false });
    assert.deepEqual(classifyApiCall('GET', '/Contacts', undefined), { cost: 1, complex: false });
  });

  it('limits in-flight calls per key and complex calls to their own pool', () => {
    const limiter = new ConcurrencyLimiter(3, 2);
    const a = limiter.tryAcquire('app', true);
    const b = limiter.tryAcquire('app', true);
    assert.equal(limiter.tryAcquire('app', true), null, 'complex pool is full');
    const c = limiter.tryAcquire('app', false);
    assert.ok(a && b && c);
    assert.equal(limiter.tryAcquire('app', false), null, 'edition pool is full');
    assert.ok(limiter.tryAcquire('other-app', false), 'pools are per app');
    a();
    a(); // releasing twice must not free a second slot
    assert.ok(limiter.tryAcquire('app', true));
    assert.equal(limiter.tryAcquire('app', false), null);
  });
});

describe('credits over HTTP', () => {
  it('decrements credits, advertises the remainder from 50 % and answers 429 when exhausted', async () => {
    const clock = manualClock();
    const t = await startTestEmulator({ creditsPerDay: 6, now: clock.now });
    try {
      const first = await t.api('GET', '/crm/v8/org');
      assert.equal(first.headers.get('x-api-credits-remaining'), null, 'no header below 50 % usage');
      // 11 records cost 2 credits
      const write = await t.api('POST', '/crm/v8/Contacts', { data: Array.from({ length: 11 }, () => contact()) });
      assert.equal(write.status, 201);
      assert.equal(write.headers.get('x-api-credits-remaining'), '3');
      assert.deepEqual(t.emulator.exportState().credits, { limit: 6, used: 3, remaining: 3 });
      assert.equal((await t.api('GET', '/crm/v8/org')).headers.get('x-api-credits-remaining'), '2');
      await t.api('GET', '/crm/v8/org');
      await t.api('GET', '/crm/v8/org');
      const exhausted = await t.api('GET', '/crm/v8/org');
      assert.equal(exhausted.status, 429);
      assert.equal(exhausted.json.code, 'TOO_MANY_REQUESTS');
      assert.equal(exhausted.headers.get('x-api-credits-remaining'), '0');
      // a write that does not fit is refused whole and charges nothing
      assert.equal((await t.api('POST', '/crm/v8/Contacts', { data: [contact()] })).status, 429);
      assert.equal(t.emulator.exportState().modules['Contacts']?.records.length, 11);
      // the window is rolling: 24 h after the first calls their credits are free again
      clock.advance(24 * 60 * 60 * 1000);
      const freshToken = (await requestToken(t.url)).json.access_token as string;
      const later = await callApi(t.url, freshToken, 'GET', '/crm/v8/org');
      assert.equal(later.status, 200);
    } finally {
      await t.close();
    }
  });
});

describe('concurrency over HTTP', () => {
  it('rejects the call beyond the edition limit with 429 immediately (Free = 5)', async () => {
    const t = await startTestEmulator({ edition: 'free', faults: { latencyMs: 400 } });
    try {
      const started = Date.now();
      const results = await Promise.all(Array.from({ length: 6 }, () => t.api('GET', '/crm/v8/org')));
      const statuses = results.map((r) => r.status).sort();
      assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429]);
      const rejected = results.find((r) => r.status === 429);
      assert.equal(rejected?.json.code, 'TOO_MANY_REQUESTS');
      assert.ok(Date.now() - started < 5_000);
      // slots are returned afterwards
      assert.equal((await t.api('GET', '/crm/v8/org')).status, 200);
    } finally {
      await t.close();
    }
  });

  it('puts writes of more than 10 records into the 10-slot sub-concurrency pool', async () => {
    const t = await startTestEmulator({ edition: 'enterprise', faults: { latencyMs: 400 } });
    try {
      const big = { data: Array.from({ length: 11 }, () => contact()) };
      const results = await Promise.all(Array.from({ length: 11 }, () => t.api('POST', '/crm/v8/Contacts', big)));
      assert.deepEqual(results.map((r) => r.status).sort(), [...Array(10).fill(201), 429]);
      // 11 small writes fit in Enterprise's 20 slots
      const small = await Promise.all(Array.from({ length: 11 }, () => t.api('POST', '/crm/v8/Contacts', { data: [contact()] })));
      assert.deepEqual([...new Set(small.map((r) => r.status))], [201]);
    } finally {
      await t.close();
    }
  });
});
