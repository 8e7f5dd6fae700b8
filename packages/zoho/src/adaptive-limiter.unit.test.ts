import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AdaptiveLimiter, type Release } from './adaptive-limiter.ts';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Starts `n` acquisitions and reports how many have been granted so far. */
function start(limiter: AdaptiveLimiter, n: number, complex: boolean): { granted: Release[] } {
  const state = { granted: [] as Release[] };
  for (let i = 0; i < n; i++) void limiter.acquire(complex).then((release) => state.granted.push(release));
  return state;
}

test('never more calls in flight than the edition allows, nor more complex calls than the 10-slot pool', async () => {
  const limiter = new AdaptiveLimiter({ maxConcurrency: 15 });
  const complex = start(limiter, 14, true);
  const simple = start(limiter, 10, false);
  await tick();
  assert.equal(complex.granted.length, 10, 'the complex pool holds 10');
  assert.equal(simple.granted.length, 5, 'simple calls take the remaining edition slots, not blocked by waiting complex calls');
  assert.equal(limiter.inFlight, 15);
  complex.granted[0]?.();
  complex.granted[0]?.(); // a second release of the same slot is ignored
  await tick();
  assert.equal(limiter.inFlight, 15, 'one slot freed, one waiter (complex or simple) took it');
});

test('a 429 halves concurrency and pauses new calls for the backoff; successes bring it back one slot at a time', async () => {
  let now = 0;
  const limiter = new AdaptiveLimiter({ maxConcurrency: 20, now: () => now, random: () => 0.5, initialBackoffMs: 100 });
  assert.equal(limiter.throttled(), 50, 'full jitter: 0.5 × 100 ms');
  assert.equal(limiter.limit, 10);
  now = 20;
  assert.equal(limiter.throttled(), 30, 'a 429 during the pause is the same congestion event: the pause stands');
  assert.equal(limiter.limit, 10, 'not halved twice for one event');
  now = 60;
  assert.equal(limiter.throttled(), 100, 'a 429 after the pause, none answered in between: 0.5 × 200 ms');
  assert.equal(limiter.limit, 5);
  now = 200;
  assert.equal(limiter.throttled(2_000), 2_000, 'Retry-After wins over the computed backoff');
  assert.equal(limiter.limit, 2);

  const waiting = start(limiter, 1, false);
  await tick();
  assert.equal(waiting.granted.length, 0, 'paused until the backoff is over');
  now = 2_201;
  await new Promise((resolve) => setTimeout(resolve, 2_050));
  assert.equal(waiting.granted.length, 1, 'granted once the pause ended');
  waiting.granted[0]?.();

  for (let i = 0; i < 2; i++) limiter.succeeded();
  assert.equal(limiter.limit, 3, 'additive increase after `limit` successes');
  for (let i = 0; i < 200; i++) limiter.succeeded();
  assert.equal(limiter.limit, 20, 'recovers to the edition maximum, never beyond');
});
