import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CREDIT_WINDOW_MS, CreditBudget } from './credit-budget.ts';

function clock() {
  const state = { now: 1_000_000, slept: [] as number[] };
  return {
    state,
    now: () => state.now,
    sleep: async (ms: number) => {
      state.slept.push(ms);
      state.now += ms;
    },
  };
}

test('spends down to the reserve, then waits until the oldest charges leave the 24 h window', async () => {
  const c = clock();
  const events: string[] = [];
  const lines: string[] = [];
  const budget = new CreditBudget({
    creditsPerDay: 100,
    reserve: 20,
    now: c.now,
    sleep: c.sleep,
    observer: { used: (n) => events.push(`used ${n}`), paused: (ms, needed) => events.push(`paused ${ms} for ${needed}`), resumed: () => events.push('resumed') },
    log: (message) => lines.push(message),
  });
  await budget.take(50);
  c.state.now += 1_000;
  await budget.take(30);
  assert.equal(budget.available(), 0, '100 − 20 reserve − 80 used');
  await budget.take(10); // must wait for the first charge (50) to be 24 h old
  assert.deepEqual(c.state.slept, [CREDIT_WINDOW_MS - 1_000 + 1], 'waited exactly until the 50-credit charge left the window');
  assert.deepEqual(events, ['used 50', 'used 80', `paused ${CREDIT_WINDOW_MS - 999} for 10`, 'resumed', 'used 40']);
  assert.equal(lines.length, 2, 'one log line when pausing, one when resuming');
  assert.ok(lines.every((l) => !/\d{3,}/.test(l)), 'log messages carry no values, counts go in fields');
});

test('a refund gives back a call Zoho never processed; X-API-CREDITS-REMAINING counts other integrations', async () => {
  const c = clock();
  const budget = new CreditBudget({ creditsPerDay: 1_000, reserve: 100, now: c.now, sleep: c.sleep, recheckMs: 60_000 });
  await budget.take(10);
  budget.refund(10);
  assert.equal(budget.used(), 0);
  await budget.take(10);
  budget.remainingReported(150); // others spent 840
  assert.equal(budget.available(), 50);
  await budget.take(60); // only 50 above the reserve: wait for a recheck, after which the others' usage is forgotten until Zoho says it again
  assert.deepEqual(c.state.slept, [60_000]);
  assert.throws(() => new CreditBudget({ creditsPerDay: 10, reserve: 10 }), /reserve/);
  await assert.rejects(budget.take(901), /can never fit/);
});
