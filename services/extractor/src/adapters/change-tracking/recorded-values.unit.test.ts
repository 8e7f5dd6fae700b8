import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromRecordedJson, parseRecordedJson, toRecordedJson } from './recorded-values.ts';

test('driver values survive the trip through JSON: Date, Buffer, BIGINT strings, nulls, nesting', () => {
  const rows = [{ BirthDate: new Date(Date.UTC(1961, 3, 2)), Pdf: Buffer.from('%PDF-1.4'), SYS_CHANGE_VERSION: '12', Fee: 125.5, Note: null, nested: [{ at: new Date(0) }] }];
  const json = JSON.stringify(toRecordedJson(rows));
  assert.deepEqual(parseRecordedJson(json), rows);
  assert.equal(toRecordedJson(9007199254740993n), '9007199254740993');
  assert.deepEqual(fromRecordedJson({ $date: 5 }), { $date: 5 }, 'only well-formed tags are revived');
});
