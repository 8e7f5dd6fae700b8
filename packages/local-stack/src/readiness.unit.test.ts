import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { logContains, logTail, waitFor } from './readiness.ts';

const dir = mkdtempSync(join(tmpdir(), 'p2z-readiness-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('finds a line after the given offset, also across read chunks', async () => {
  const file = join(dir, 'big.log');
  const filler = 'x'.repeat(64 * 1024 - 5); // puts the needle across the first 64 KB boundary
  writeFileSync(file, `old run: Kafka Server started\n${filler}Kafka Server started\n`);
  assert.equal(await logContains(file, 'Kafka Server started', 0), true);
  assert.equal(await logContains(file, 'Kafka Server started', 30), true);
  writeFileSync(file, 'old run: Kafka Server started\nnew run: starting\n');
  assert.equal(await logContains(file, 'Kafka Server started', 30), false);
  assert.equal(await logContains(join(dir, 'missing.log'), 'x'), false);
});

test('tails only the current run', async () => {
  const file = join(dir, 'tail.log');
  writeFileSync(file, 'previous run\n' + Array.from({ length: 50 }, (_, i) => `line ${i}`).join('\n') + '\n');
  const tail = await logTail(file, 13, 3);
  assert.equal(tail, 'line 47\nline 48\nline 49');
  assert.equal(await logTail(file, 1_000_000), '(no log output)');
});

test('waitFor reports failure, readiness and timeout', async () => {
  assert.deepEqual(await waitFor(async () => ({ failed: 'exited' }), 1_000), { ok: false, reason: 'exited' });
  let calls = 0;
  assert.deepEqual(await waitFor(async () => (++calls < 3 ? 'waiting' : 'ready'), 1_000, 5), { ok: true });
  const timedOut = await waitFor(async () => 'waiting', 30, 5);
  assert.equal(timedOut.ok, false);
});
