import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deterministicSample, sameFieldValue } from './field-values.ts';

test('field values: what Zoho answers against what the writer sent', () => {
  const cases: Array<[string, unknown, boolean]> = [
    ['"Ada"', 'Ada', true],
    ['"Ada"', 'Adam', false],
    ['"Ada"', 'ada', false],
    ['null', null, true],
    ['null', '', true],
    ['""', null, true],
    ['"x"', null, false],
    ['42', '42', true],
    ['42', 42, true],
    ['12.5', '12.50', false],
    ['true', true, true],
    ['false', true, false],
    ['"2024-01-31"', '2024-01-31', true],
    ['{"id":"123"}', { id: '123', name: 'Acme' }, true],
    ['"123"', { id: '123', name: 'Acme' }, true],
    ['{"id":"124"}', { id: '123', name: 'Acme' }, false],
    ['["b","a"]', ['a', 'b'], true],
    ['["a"]', ['a', 'b'], false],
    ['not json', 'not json', true],
  ];
  for (const [sent, actual, same] of cases) assert.equal(sameFieldValue(sent, actual), same, `${sent} vs ${JSON.stringify(actual)}`);
});

test('a sample is deterministic, of the stated size, and stable when other keys join', () => {
  const keys = Array.from({ length: 100 }, (_, i) => `A:clinical_note:${i}`);
  const a = deterministicSample(keys, 10);
  const b = deterministicSample([...keys].reverse(), 10);
  assert.equal(a.size, 10);
  assert.deepEqual([...a].sort(), [...b].sort(), 'order of input does not matter');
  assert.equal(deterministicSample(keys, undefined).size, 100);
  assert.equal(deterministicSample(keys, 500).size, 100);
  const grown = deterministicSample([...keys, 'B:clinical_note:x'], 10);
  assert.ok([...grown].filter((k) => !a.has(k)).length <= 1, 'at most the new key displaces one');
});
