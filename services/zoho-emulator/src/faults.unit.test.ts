import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startTestEmulator, type TestEmulator } from './emulator-test-harness.ts';
import { FaultInjector } from './fault-injector.ts';

async function statuses(t: TestEmulator, count: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push((await t.api('GET', '/crm/v8/org')).status);
  return out;
}

async function setFaults(t: TestEmulator, faults: unknown): Promise<Response> {
  return fetch(`${t.url}/__emulator/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(faults) });
}

describe('fault injection', () => {
  it('is deterministic for a given seed', () => {
    const sequence = (seed: number): string[] => {
      const injector = new FaultInjector({ rate5xx: 0.3, rate429: 0.2, seed });
      return Array.from({ length: 50 }, () => injector.decide());
    };
    assert.deepEqual(sequence(7), sequence(7));
    assert.notDeepEqual(sequence(7), sequence(8));
    const counts = sequence(7).reduce<Record<string, number>>((acc, d) => ({ ...acc, [d]: (acc[d] ?? 0) + 1 }), {});
    assert.ok((counts['server-error'] ?? 0) > 0 && (counts['too-many-requests'] ?? 0) > 0 && (counts['none'] ?? 0) > 0);
  });

  it('injects 5xx/429 over HTTP reproducibly and can be changed at run time', async () => {
    const a = await startTestEmulator({ faults: { rate5xx: 0.4, rate429: 0.2, seed: 42 } });
    const b = await startTestEmulator({ faults: { rate5xx: 0.4, rate429: 0.2, seed: 42 } });
    try {
      const fromA = await statuses(a, 30);
      assert.deepEqual(fromA, await statuses(b, 30));
      assert.ok(fromA.includes(500) && fromA.includes(429) && fromA.includes(200));
      const failed = await a.api('GET', '/crm/v8/org');
      if (failed.status === 500) assert.equal(failed.json.code, 'INTERNAL_ERROR');

      const cleared = await setFaults(a, {});
      assert.equal(cleared.status, 200);
      assert.deepEqual([...new Set(await statuses(a, 10))], [200]);
      assert.equal((await setFaults(a, { rate5xx: 2 })).status, 400);
      assert.equal((await setFaults(a, { rate5xx: 1 })).status, 200);
      assert.deepEqual([...new Set(await statuses(a, 3))], [500]);
      // injected failures never reach the handler, so they cost no credits
      const succeeded = fromA.filter((s) => s === 200).length + (failed.status === 200 ? 1 : 0) + 10;
      assert.equal(a.emulator.exportState().credits.used, succeeded);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('holds a call open on a timeout fault until the client gives up, and still closes cleanly', async () => {
    const t = await startTestEmulator({ faults: { timeoutRate: 1 } });
    try {
      await assert.rejects(
        fetch(`${t.url}/crm/v8/org`, { headers: { Authorization: `Zoho-oauthtoken ${t.token}` }, signal: AbortSignal.timeout(200) }),
        (e: unknown) => e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError'),
      );
      // a second hanging call is still open when the emulator closes
      const pending = fetch(`${t.url}/crm/v8/org`, { headers: { Authorization: `Zoho-oauthtoken ${t.token}` } }).catch(() => 'dropped');
      await new Promise((resolve) => setTimeout(resolve, 50));
      await t.close();
      assert.equal(await pending, 'dropped');
    } finally {
      await t.close();
    }
  });
});
