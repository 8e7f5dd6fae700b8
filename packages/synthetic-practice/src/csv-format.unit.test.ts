import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromCsvText, type SqlType } from '@panda2zoho/panda-model';
import { csvLine, csvText, parseCsv } from './csv-format.ts';

test('RFC 4180: commas, quotes, line breaks and edge blanks are quoted; the reader gives the fields back', () => {
  const fields = ['plain', 'a,b', 'say "hi"', 'two\r\nlines', ' padded ', '', "O'Brien", '{\\rtf1 x\\par\r\n}'];
  const line = csvLine(fields);
  assert.equal(line, `plain,"a,b","say ""hi""","two\r\nlines"," padded ",,O'Brien,"{\\rtf1 x\\par\r\n}"\r\n`);
  assert.deepEqual([...parseCsv(`\uFEFF${line}${line}`)], [fields, fields]);
});

test('typed values in the formats fromCsvText reads', () => {
  const cases: Array<[SqlType, string | boolean | Buffer | null, string]> = [
    [{ kind: 'bit' }, true, '1'],
    [{ kind: 'bit' }, false, '0'],
    [{ kind: 'date' }, '9999-12-31', '9999-12-31'],
    [{ kind: 'datetime' }, '2016-09-15T13:45:00.000', '2016-09-15 13:45:00.000'],
    [{ kind: 'datetime2', precision: 3 }, '2025-06-30T09:18:48.848', '2025-06-30 09:18:48.848'],
    [{ kind: 'decimal', precision: 10, scale: 2 }, '2150.00', '2150.00'],
    [{ kind: 'varbinary', length: 'max' }, Buffer.from('%PDF'), '0x25504446'],
    [{ kind: 'nvarchar', length: 10 }, null, ''],
  ];
  for (const [type, value, text] of cases) {
    assert.equal(csvText(type, value), text);
    assert.deepEqual(fromCsvText(type, text), value);
  }
});
