import assert from 'node:assert/strict';
import { test } from 'node:test';
import { blockingKeys, candidatePairs, scorePair, usableBirthDate, type MatchDecision, type PatientRecord } from './match-candidates.ts';

function record(overrides: Partial<PatientRecord>): PatientRecord {
  return { locationId: 'LOC01', sourceKey: '1', firstName: 'Robert', lastName: 'Núñez', dateOfBirth: '1961-03-05', phones: [], email: null, ...overrides };
}

const base = record({});

test('scorePair decides from the rules that fire, symmetrically', () => {
  const cases: Array<{ name: string; other: Partial<PatientRecord>; decision: MatchDecision; reasons: string[] }> = [
    { name: 'exact duplicate', other: {}, decision: 'match', reasons: ['dob-equal', 'last-name-exact', 'first-name-exact'] },
    { name: 'nickname', other: { firstName: 'BOB' }, decision: 'match', reasons: ['dob-equal', 'last-name-exact', 'first-name-nickname'] },
    { name: 'transposed last name', other: { lastName: 'Nuñze' }, decision: 'match', reasons: ['dob-equal', 'last-name-similar', 'first-name-exact'] },
    { name: 'twin: same birth date and family, other given name', other: { firstName: 'William' }, decision: 'distinct', reasons: ['dob-equal', 'last-name-exact', 'first-name-different'] },
    { name: 'twin sharing the family phone and e-mail', other: { firstName: 'William', phones: ['+12175550199'], email: 'nunez@example.com' }, decision: 'distinct', reasons: ['dob-equal', 'last-name-exact', 'first-name-different', 'email-equal', 'phone-shared'] },
    { name: 'other birth date', other: { dateOfBirth: '1962-03-05' }, decision: 'distinct', reasons: ['dob-different', 'last-name-exact', 'first-name-exact'] },
    { name: 'birth date placeholder, names only', other: { dateOfBirth: '9999-12-31' }, decision: 'review', reasons: ['dob-missing', 'last-name-exact', 'first-name-exact'] },
    { name: 'century typo', other: { dateOfBirth: '2061-03-05' }, decision: 'review', reasons: ['dob-century-typo', 'last-name-exact', 'first-name-exact'] },
    { name: 'missing family name', other: { lastName: null }, decision: 'review', reasons: ['dob-equal', 'last-name-missing', 'first-name-exact'] },
    { name: 'nickname and a typo in the family name', other: { firstName: 'Bob', lastName: 'Nuenz' }, decision: 'review', reasons: ['dob-equal', 'last-name-similar', 'first-name-nickname'] },
  ];
  for (const { name, other, decision, reasons } of cases) {
    const a = name.includes('sharing') ? { ...base, phones: ['+12175550199'], email: 'nunez@example.com' } : base;
    const b = record({ sourceKey: '2', ...other });
    const forward = scorePair(a, b);
    assert.equal(forward.decision, decision, name);
    assert.deepEqual(forward.reasons, reasons, name);
    assert.deepEqual(scorePair(b, a), forward, `${name} (symmetric)`);
  }
});

test('placeholder birth date with the same names and e-mail is a match', () => {
  const a = record({ email: 'rn@example.com' });
  const b = record({ sourceKey: '2', dateOfBirth: '1900-01-01', email: 'rn@example.com' });
  assert.equal(scorePair(a, b).decision, 'match');
});

test('reasons name rules, never values', () => {
  const a = record({ email: 'rn@example.com', phones: ['+12175550199'] });
  const { reasons } = scorePair(a, { ...a, sourceKey: '2' });
  for (const reason of reasons) assert.match(reason, /^[a-z-]+$/);
});

test('usableBirthDate drops placeholders and malformed dates', () => {
  const cases: Array<[string | null, string | null]> = [['1961-03-05', '1961-03-05'], ['9999-12-31', null], ['1900-01-01', null], ['03/05/1961', null], [null, null]];
  for (const [input, expected] of cases) assert.equal(usableBirthDate(input), expected, String(input));
});

test('blockingKeys: birth date, e-mail, month-day + Soundex; none from a placeholder date', () => {
  assert.deepEqual(blockingKeys(record({ email: 'rn@example.com' })), ['dob:1961-03-05', 'email:rn@example.com', 'md-sx:03-05|N520']);
  assert.deepEqual(blockingKeys(record({ dateOfBirth: '9999-12-31' })), []);
});

test('candidatePairs compares only records sharing a block, each pair once', () => {
  const records = [
    record({ sourceKey: '1' }),
    record({ sourceKey: '2', firstName: 'Bob' }),
    record({ sourceKey: '3', dateOfBirth: '1970-01-01', lastName: 'Smith' }),
    record({ sourceKey: '4', dateOfBirth: '2061-03-05' }),
  ];
  assert.deepEqual(candidatePairs(records), { pairs: [[0, 1], [0, 3], [1, 3]], oversizedBlocks: 0 });
  assert.deepEqual(candidatePairs(records, 1), { pairs: [], oversizedBlocks: 2 });
});
