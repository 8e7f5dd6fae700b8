import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCsv, writeCsv } from './csv-table.ts';
import { readZip, writeZip, ZipFormatError } from './zip-file.ts';
import { outcomesFromResult, rowOutcome } from './zoho-bulk-write.ts';

test('CSV round trip keeps commas, quotes, line breaks and non-ASCII text', () => {
  const rows = [
    ['Last_Name', 'Description'],
    ['Müller, "Jr"', 'line one\r\nline two'],
    ['', 'plain'],
  ];
  assert.deepEqual(parseCsv(writeCsv(rows)), rows);
});

test('ZIP round trip (deflated entries), and a clear error for something that is not a ZIP', () => {
  const entries = [
    { name: 'Contacts.csv', data: Buffer.from('Last_Name\r\nAdams\r\n'.repeat(200)) },
    { name: 'ünïcode.txt', data: Buffer.from('ok') },
  ];
  const zip = writeZip(entries);
  assert.ok(zip.length < entries[0]!.data.length, 'deflated');
  assert.deepEqual(readZip(zip), entries);
  assert.throws(() => readZip(Buffer.from('not a zip')), ZipFormatError);
});

test('result rows map to outcomes: STATUS, RECORD_ID and the first of several ERRORS', () => {
  const cases: Array<[string, string, string, ReturnType<typeof rowOutcome>]> = [
    ['added', '111', '', { rowIndex: 0, status: 'ADDED', recordId: '111' }],
    ['updated', '222', '', { rowIndex: 0, status: 'UPDATED', recordId: '222' }],
    ['skipped', '', '', { rowIndex: 0, status: 'SKIPPED' }],
    ['skipped', '', 'MANDATORY_NOT_FOUND-Last_Name:INVALID_DATA-Email', { rowIndex: 0, status: 'FAILED', errorCode: 'MANDATORY_NOT_FOUND', errorField: 'Last_Name' }],
    ['skipped', '', 'DUPLICATE_DATA', { rowIndex: 0, status: 'FAILED', errorCode: 'DUPLICATE_DATA' }],
    ['unprocessed', '', '', { rowIndex: 0, status: 'FAILED', errorCode: 'UNPROCESSED' }],
  ];
  for (const [status, id, errors, expected] of cases) assert.deepEqual(rowOutcome(0, status, id, errors), expected, `${status} ${errors}`);
});

test('every uploaded row gets an outcome, even when the result CSV is short', () => {
  const csv = writeCsv([
    ['Last_Name', 'STATUS', 'RECORD_ID', 'ERRORS'],
    ['Adams', 'added', '9001', ''],
  ]);
  const zip = writeZip([{ name: 'Contacts-Contacts.csv', data: Buffer.from(csv) }]);
  assert.deepEqual(outcomesFromResult(zip, 2, 25_000), [
    { rowIndex: 25_000, status: 'ADDED', recordId: '9001' },
    { rowIndex: 25_001, status: 'FAILED', errorCode: 'NO_RESULT' },
  ]);
});
