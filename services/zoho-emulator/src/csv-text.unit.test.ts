import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectDelimiter, parseCsv, writeCsv } from './csv-text.ts';

describe('csv text', () => {
  it('parses quotes, escaped quotes, embedded newlines and CRLF', () => {
    assert.deepEqual(parseCsv('a,b\r\n"x, y","say ""hi""\nthere"\r\n'), [['a', 'b'], ['x, y', 'say "hi"\nthere']]);
  });

  it('detects ; : | delimiters from the header', () => {
    assert.equal(detectDelimiter('Last_Name;Email\nA;b'), ';');
    assert.equal(detectDelimiter('Last_Name|Email'), '|');
    assert.deepEqual(parseCsv('A|B\n1|2\n'), [['A', 'B'], ['1', '2']]);
  });

  it('round-trips through writeCsv', () => {
    const rows = [['id', 'ERRORS'], ['1', 'MANDATORY_NOT_FOUND-Last_Name:INVALID_DATA-Email'], ['2', 'a,"b"']];
    assert.deepEqual(parseCsv(writeCsv(rows)), rows);
  });
});
