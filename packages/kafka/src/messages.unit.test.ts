import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deadLetter, emit, guardRecordSize, skip, slicesByBytes } from './messages.ts';

test('an emit within the limit passes unchanged; one record over it turns the whole outcome into a RECORD_TOO_LARGE dead letter', () => {
  const small = emit({ topic: 't', key: 'k', value: Buffer.alloc(900) });
  assert.equal(guardRecordSize(small, 1_000), small);
  const big = emit({ topic: 't', key: 'k', value: Buffer.alloc(100) }, { topic: 't', key: 'k', value: Buffer.alloc(999), headers: { h: 'v' } });
  const guarded = guardRecordSize(big, 1_000);
  assert.equal(guarded.kind, 'dead-letter');
  assert.equal(guarded.kind === 'dead-letter' && guarded.code, 'RECORD_TOO_LARGE');
  assert.match(guarded.kind === 'dead-letter' ? guarded.reason : '', /1002 bytes exceeds the 1000-byte limit/);
});

test('skips and dead letters are not touched', () => {
  const s = skip('tombstone');
  const d = deadLetter('X', 'y');
  assert.equal(guardRecordSize(s, 1), s);
  assert.equal(guardRecordSize(d, 1), d);
});

test('outputs are sliced for sending: each slice under the byte budget, order kept, a big record alone', () => {
  const r = (n: number, bytes: number) => ({ topic: 't', key: `k${n}`, value: Buffer.alloc(bytes) });
  const records = [r(1, 400), r(2, 400), r(3, 400), r(4, 5_000), r(5, 10)];
  const slices = slicesByBytes(records, 1_000);
  assert.deepEqual(slices.map((s) => s.map((x) => x.key)), [['k1', 'k2'], ['k3'], ['k4'], ['k5']]);
  assert.deepEqual(slicesByBytes([], 1_000), []);
});
