import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recordOwner } from './record-owner.ts';

const assignment = { defaultUserId: 'u-default', byProvider: new Map([['L1:provider:1', 'u-ana']]) };
const rec = { entity: 'perio_chart', recordKey: 'L1:perio_chart:9', locationId: 'L1', eventId: 'e1' };

test('a mapped provider gives its user; no provider gives the default silently', () => {
  assert.deepEqual(recordOwner(assignment, 'L1:provider:1', rec), { owner: { id: 'u-ana' }, issue: null });
  assert.deepEqual(recordOwner(assignment, null, rec), { owner: { id: 'u-default' }, issue: null });
  assert.deepEqual(recordOwner(null, 'L1:provider:1', rec), { owner: null, issue: null });
});

test('an unmapped provider falls back to the default owner and is reported, deterministically', () => {
  const a = recordOwner(assignment, 'L1:provider:7', rec);
  assert.deepEqual(a.owner, { id: 'u-default' });
  assert.equal(a.issue?.rule, 'OWNER_PROVIDER_UNMAPPED');
  assert.equal(a.issue?.action, 'DEFAULTED');
  assert.deepEqual([a.issue?.before, a.issue?.after, a.issue?.field], ['L1:provider:7', 'u-default', 'Owner']);
  assert.equal(recordOwner(assignment, 'L1:provider:7', { ...rec, eventId: 'e2' }).issue?.eventId, a.issue?.eventId, 'a later change of the record: the same issue');
});
