import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PatientResolved, SourceRecordChanged, ZohoOperationRecorded } from '@panda2zoho/events';
import { PatientTally } from './patient-tally.ts';

const src = (loc: string, key: string, operation: 'UPSERT' | 'DELETE' = 'UPSERT') =>
  ({ source: { locationId: loc, sourceKey: key }, operation }) as unknown as SourceRecordChanged;
const res = (loc: string, key: string, contactKey: string) =>
  ({ source: { locationId: loc, sourceKey: key }, operation: 'UPSERT', contactKey }) as unknown as PatientResolved;
const out = (externalId: string, result: ZohoOperationRecorded['result']) => ({ phase: 'OUTCOME', externalId, result }) as unknown as ZohoOperationRecorded;

test('two locations, one shared patient: three sources, two contacts, match when Zoho has two', () => {
  const t = new PatientTally();
  for (const [loc, key] of [['A', '1'], ['A', '2'], ['B', '9']] as const) t.onSourceChanged(src(loc, key));
  t.onResolved(res('A', '1', 'c1'));
  t.onResolved(res('A', '2', 'c2'));
  t.onResolved(res('B', '9', 'c1'));
  t.onLedger(out('c1', 'INSERTED'));
  t.onLedger(out('c2', 'INSERTED'));
  t.onLedger(out('c1', 'UPDATED'));
  assert.deepEqual(t.report(2), { entity: 'patient', source: 3, resolved: 2, written: 2, zoho: 2, deadLettered: 0, match: true });
  assert.equal(t.report(3).match, false, 'an extra Contact in Zoho is a mismatch');
});

test('a source patient that never reached the deduper is a mismatch', () => {
  const t = new PatientTally();
  t.onSourceChanged(src('A', '1'));
  t.onSourceChanged(src('A', '2'));
  t.onResolved(res('A', '1', 'c1'));
  t.onLedger(out('c1', 'INSERTED'));
  t.onDeadLetter();
  const r = t.report(1);
  assert.equal(r.match, false);
  assert.equal(r.deadLettered, 1);
});

test('a dead letter is a mismatch even when the counts agree', () => {
  const t = new PatientTally();
  t.onSourceChanged(src('A', '1'));
  t.onResolved(res('A', '1', 'c1'));
  t.onLedger(out('c1', 'INSERTED'));
  assert.equal(t.report(1).match, true);
  t.onDeadLetter();
  assert.equal(t.report(1).match, false);
});

test('a deleted source patient no longer counts', () => {
  const t = new PatientTally();
  t.onSourceChanged(src('A', '1'));
  t.onSourceChanged(src('A', '1', 'DELETE'));
  assert.equal(t.report(0).source, 0);
  assert.equal(t.report(0).match, true);
});
