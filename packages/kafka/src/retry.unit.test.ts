import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PermanentError, TransientError } from './errors.ts';
import { backoffDelay, withRetry } from './retry.ts';

const policy = { initialDelayMs: 100, maxDelayMs: 1000, maxAttempts: 4 };
const noSleep = async () => {};

test('backoff grows exponentially and is capped', () => {
  const top = () => 1;
  assert.deepEqual([0, 1, 2, 3, 4, 10].map((a) => backoffDelay(policy, a, top)), [100, 200, 400, 800, 1000, 1000]);
  assert.equal(backoffDelay(policy, 3, () => 0), 0);
});

test('transient errors are retried until success', async () => {
  let calls = 0;
  const result = await withRetry(
    async () => {
      calls++;
      if (calls < 3) throw new TransientError('ZOHO_429', 'rate limited');
      return 'ok';
    },
    { policy, sleep: noSleep },
  );
  assert.equal(result, 'ok');
  assert.equal(calls, 3);
});

test('transient errors give up after maxAttempts', async () => {
  let calls = 0;
  await assert.rejects(
    withRetry(async () => {
      calls++;
      throw new TransientError('BROKER_DOWN', 'down');
    }, { policy, sleep: noSleep }),
    TransientError,
  );
  assert.equal(calls, 4);
});

test('permanent errors and bugs are not retried', async () => {
  for (const error of [new PermanentError('INVALID_DATA', 'bad'), new TypeError('bug')]) {
    let calls = 0;
    await assert.rejects(withRetry(async () => {
      calls++;
      throw error;
    }, { policy, sleep: noSleep }));
    assert.equal(calls, 1);
  }
});
