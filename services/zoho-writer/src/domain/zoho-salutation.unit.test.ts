import assert from 'node:assert/strict';
import { test } from 'node:test';
import { salutationField, salutationOf } from './zoho-salutation.ts';

test('a title that is one of Zoho\'s salutations is sent in Zoho\'s spelling; empty clears it; anything else is left out', () => {
  const cases: Array<[string | null, ReturnType<typeof salutationOf>]> = [
    ['Dr.', { kind: 'send', value: 'Dr.' }],
    ['Dr', { kind: 'send', value: 'Dr.' }],
    ['DR.', { kind: 'send', value: 'Dr.' }],
    ['  dr ', { kind: 'send', value: 'Dr.' }],
    ['Doctor', { kind: 'send', value: 'Dr.' }],
    ['prof', { kind: 'send', value: 'Prof.' }],
    ['Professor', { kind: 'send', value: 'Prof.' }],
    ['Mrs', { kind: 'send', value: 'Mrs.' }],
    ['MS.', { kind: 'send', value: 'Ms.' }],
    ['mr.', { kind: 'send', value: 'Mr.' }],
    [null, { kind: 'send', value: null }],
    ['   ', { kind: 'send', value: null }],
    ['Dr. med.', { kind: 'leave-out' }],
    ['DDS', { kind: 'leave-out' }],
    ['Miss', { kind: 'leave-out' }],
    ['-None-', { kind: 'leave-out' }],
    ['Dr..', { kind: 'leave-out' }],
  ];
  for (const [title, expected] of cases) assert.deepEqual(salutationOf(title), expected, String(title));
});

test('the record entry: the field with the value (null included) when sent, no field at all when left out', () => {
  assert.deepEqual(salutationField('dr'), { Salutation: 'Dr.' });
  assert.deepEqual(salutationField(null), { Salutation: null });
  assert.deepEqual(salutationField('DMD'), {});
});
