import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyRow, emptyRoot, type RootState } from '../domain/assembly-state.ts';
import { sourceEvent } from '../domain/normalize-context.test-support.ts';
import { changelogRecords } from './assembly-store.ts';

const site = (n: number, operation: 'UPSERT' | 'DELETE' = 'UPSERT') => sourceEvent('perio_site', `77|3|${['DB', 'B', 'MB'][n]}`, { examId: 77, tooth: '3', site: ['DB', 'B', 'MB'][n]!, probingDepthMm: 3 }, { operation, eventId: `s${n}${operation}` });

test('changelog: one small record per changed row plus the root meta, on the given partition; tombstones for deletes and empty roots', () => {
  let state: RootState = emptyRoot('LOC01:perio_exam:77');
  state = [site(0), site(1), site(2)].reduce(applyRow, state);
  const first = changelogRecords('cl', 2, state, new Map([['perio_site:77|3|DB', null], ['perio_site:77|3|B', null]]));
  assert.deepEqual(first.map((r) => [r.key, r.partition, r.value === null]), [
    ['LOC01:perio_exam:77#perio_site:77|3|B', 2, false],
    ['LOC01:perio_exam:77#perio_site:77|3|DB', 2, false],
    ['LOC01:perio_exam:77#meta', 2, false],
  ]);
  assert.equal(JSON.parse(first[0]!.value!.toString()).eventId, 's1UPSERT');
  assert.ok(first.every((r) => (r.value?.length ?? 0) < 2_000), 'records stay small whatever the chart size');
  state = applyRow(state, site(1, 'DELETE'));
  const deleted = changelogRecords('cl', 2, state, new Map([['perio_site:77|3|B', null]]));
  assert.deepEqual(deleted.map((r) => [r.key, r.value === null]), [['LOC01:perio_exam:77#perio_site:77|3|B', true], ['LOC01:perio_exam:77#meta', false]]);
  state = [site(0, 'DELETE'), site(2, 'DELETE')].reduce(applyRow, state);
  const empty = changelogRecords('cl', 2, state, new Map([['perio_site:77|3|DB', null], ['perio_site:77|3|MB', null]]));
  assert.ok(empty.every((r) => r.value === null), 'nothing left: every record a tombstone');
});
