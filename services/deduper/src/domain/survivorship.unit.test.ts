import assert from 'node:assert/strict';
import { test } from 'node:test';
import { surviveFields } from './survivorship.ts';

const member = (locationId: string, sourceKey: string, modifiedAt: string | null, values: Record<string, string | null>) => ({
  recordKey: `${locationId}:patient:${sourceKey}`, locationId, sourceKey, modifiedAt, values,
});

const cases: Array<{ name: string; priority: string[]; members: ReturnType<typeof member>[]; expect: { value: string | null; from?: string; rule?: string } }> = [
  { name: 'most recent wins', priority: [], members: [member('A', '1', '2024-01-01T00:00:00Z', { phone: 'old' }), member('B', '1', '2024-06-01T00:00:00Z', { phone: 'new' })], expect: { value: 'new', from: 'B:patient:1', rule: 'most-recent-non-empty' } },
  { name: 'offsets compared as instants', priority: [], members: [member('A', '1', '2024-01-01T10:00:00-05:00', { phone: 'later' }), member('B', '1', '2024-01-01T14:00:00+00:00', { phone: 'earlier' })], expect: { value: 'later', from: 'A:patient:1', rule: 'most-recent-non-empty' } },
  { name: 'empty never wins', priority: [], members: [member('A', '1', '2024-01-01T00:00:00Z', { phone: 'x' }), member('B', '1', '2024-06-01T00:00:00Z', { phone: '  ' })], expect: { value: 'x', from: 'A:patient:1', rule: 'only-value' } },
  { name: 'tie goes to priority', priority: ['B', 'A'], members: [member('A', '1', '2024-01-01T00:00:00Z', { phone: 'a' }), member('B', '1', '2024-01-01T00:00:00Z', { phone: 'b' })], expect: { value: 'b', from: 'B:patient:1', rule: 'location-priority' } },
  { name: 'unknown times: priority', priority: ['B'], members: [member('A', '1', null, { phone: 'a' }), member('B', '2', null, { phone: 'b' })], expect: { value: 'b', from: 'B:patient:2', rule: 'location-priority' } },
  { name: 'a known time beats an unknown one', priority: ['B'], members: [member('A', '1', '2020-01-01T00:00:00Z', { phone: 'a' }), member('B', '2', null, { phone: 'b' })], expect: { value: 'a', from: 'A:patient:1', rule: 'most-recent-non-empty' } },
  { name: 'unlisted locations by id', priority: [], members: [member('B', '1', null, { phone: 'b' }), member('A', '1', null, { phone: 'a' })], expect: { value: 'a', from: 'A:patient:1', rule: 'location-priority' } },
  { name: 'all empty → null, no survivor', priority: [], members: [member('A', '1', null, { phone: null })], expect: { value: null } },
];

for (const c of cases) {
  test(`survivorship: ${c.name}`, () => {
    for (const members of [c.members, [...c.members].reverse()]) {
      const { values, survivors } = surviveFields(members, ['phone'], c.priority);
      assert.equal(values['phone'], c.expect.value);
      assert.deepEqual(survivors, c.expect.from ? [{ field: 'phone', recordKey: c.expect.from, rule: c.expect.rule }] : []);
    }
  });
}
