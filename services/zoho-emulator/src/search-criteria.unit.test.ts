import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matchesCriteria, parseSearchCriteria, SearchCriteriaError } from './search-criteria.ts';

describe('search criteria', () => {
  it('parses single, grouped and escaped criteria', () => {
    assert.deepEqual(parseSearchCriteria('(Email:equals:a@b.co)'), { kind: 'comparison', field: 'Email', operator: 'equals', values: ['a@b.co'] });
    const grouped = parseSearchCriteria('((Last_Name:equals:Smith)and(First_Name:starts_with:J))');
    assert.equal(grouped.kind, 'group');
    const escaped = parseSearchCriteria('(Mailing_Street:equals:1 Main St \\(rear\\)\\, Apt 2)');
    assert.deepEqual(escaped.kind === 'comparison' && escaped.values, ['1 Main St (rear), Apt 2']);
    const time = parseSearchCriteria('(Modified_Time:equals:2024-01-01T10:00:00+00:00)');
    assert.deepEqual(time.kind === 'comparison' && time.values, ['2024-01-01T10:00:00+00:00']);
  });

  it('rejects malformed criteria, unsupported operators, mixed and/or and more than 10 criteria', () => {
    for (const bad of ['Email:equals:x', '(Email:equals:x', '(Email:between:x)', '((A:equals:1)and(B:equals:2)or(C:equals:3))', '']) {
      assert.throws(() => parseSearchCriteria(bad), SearchCriteriaError, bad);
    }
    const eleven = `(${Array.from({ length: 11 }, (_, i) => `(F${i}:equals:x)`).join('and')})`;
    assert.throws(() => parseSearchCriteria(eleven), /at most 10/);
  });

  it('matches case-insensitively, lookups by id, and alternatives separated by commas', () => {
    const record = { Last_Name: 'Smith', First_Name: 'Jane', Account_Name: { name: 'Acme', id: '42' } };
    assert.equal(matchesCriteria(record, parseSearchCriteria('((Last_Name:equals:SMITH)and(First_Name:starts_with:ja))')), true);
    assert.equal(matchesCriteria(record, parseSearchCriteria('((Last_Name:equals:Jones)or(Account_Name:equals:42))')), true);
    assert.equal(matchesCriteria(record, parseSearchCriteria('(Last_Name:equals:Jones,Smith)')), true);
    assert.equal(matchesCriteria(record, parseSearchCriteria('(Last_Name:equals:Smit)')), false);
  });
});
