import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatProgress, ProgressRenderer } from './progress.ts';

test('per row: count of total, rate, ETA; a totals line with the time and the credits', () => {
  const lines = formatProgress({ rows: [{ label: 'patient', done: 10, total: 40 }, { label: 'perio_exam', done: 20, total: 20 }, { label: 'ledger', done: 7, total: null }], elapsedMs: 10_000, credits: 12 }, { bars: true });
  assert.equal(lines[0], 'patient    [######..................] 10/40  1.0/s  ETA 30s');
  assert.equal(lines[1], 'perio_exam [########################] 20/20  2.0/s  done');
  assert.equal(lines[2], 'ledger     7  0.7/s');
  assert.equal(lines[3], 'total      37 in 10s, credits 12');
  const plain = formatProgress({ rows: [{ label: 'patient', done: 0, total: 5 }], elapsedMs: 3_725_000, credits: null, note: 'waiting' }, { bars: false });
  assert.deepEqual(plain, ['patient 0/5  0.0/s  ETA –', 'total   0/5 in 1h02m, credits n/a · waiting']);
});

function sink(isTTY: boolean) {
  const written: string[] = [];
  return { out: { isTTY, write: (t: string) => written.push(t) }, written };
}

test('on a terminal the bars are redrawn in place', () => {
  const { out, written } = sink(true);
  let now = 0;
  const r = new ProgressRenderer(out, { json: false, now: () => now });
  r.update([{ label: 'patient', done: 1, total: 2 }]);
  now = 1000;
  r.update([{ label: 'patient', done: 2, total: 2 }]);
  assert.equal(written.length, 2);
  assert.ok(!written[0]!.includes('\x1b[2A'));
  assert.ok(written[1]!.startsWith('\x1b[2A'), 'moves up over the two lines drawn before');
});

test('not a terminal: plain lines, only when something moved and not more often than asked; the end is always printed', () => {
  const { out, written } = sink(false);
  let now = 0;
  const r = new ProgressRenderer(out, { json: false, now: () => now, plainEveryMs: 5_000 });
  r.update([{ label: 'patient', done: 1, total: 3 }]);
  now = 1_000;
  r.update([{ label: 'patient', done: 2, total: 3 }]);
  now = 6_000;
  r.update([{ label: 'patient', done: 1, total: 3 }]);
  now = 12_000;
  r.update([{ label: 'patient', done: 2, total: 3 }]);
  r.finish([{ label: 'patient', done: 2, total: 3 }]);
  assert.equal(written.length, 3, "t=0, t=12 s (t=1 s too soon, t=6 s unchanged since the last line), and the end");
  assert.ok(written.every((l) => !l.includes('\x1b') && l.endsWith('\n') && l.split('\n').length === 2));
});

test('--json: nothing at all on stderr', () => {
  const { out, written } = sink(true);
  const r = new ProgressRenderer(out, { json: true });
  r.update([{ label: 'patient', done: 1, total: 2 }]);
  r.log('hello');
  r.finish([{ label: 'patient', done: 2, total: 2 }]);
  assert.equal(written.length, 0);
});
