import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bulkItemResult, toBulkRows } from './bulk-rows.ts';

test('records become CSV rows: lookups as Field.id, multi-select joined by ;, null as an empty cell', () => {
  const csv = toBulkRows([
    { PANDA_Deal_Key: 'k1', Contact_Name: { id: 'c1' }, PANDA_CDT_Codes: ['D4341', 'D4910'], Amount: 12.5, Closed: true, Description: null },
    { PANDA_Deal_Key: 'k2', Contact_Name: null, PANDA_CDT_Codes: [], Amount: 0, Closed: false, Description: 'a, "quoted" text' },
  ]);
  assert.deepEqual(csv?.rows, [
    { PANDA_Deal_Key: 'k1', 'Contact_Name.id': 'c1', PANDA_CDT_Codes: 'D4341;D4910', Amount: '12.5', Closed: 'true', Description: '' },
    { PANDA_Deal_Key: 'k2', 'Contact_Name.id': '', PANDA_CDT_Codes: '', Amount: '0', Closed: 'false', Description: 'a, "quoted" text' },
  ]);
});

test('what Bulk Write cannot write exactly as the records API would is refused (null): the group goes through REST', () => {
  const cases: Array<[string, Array<Record<string, unknown>>]> = [
    ['a $-key (What_Id module)', [{ K: 'a', $se_module: 'Accounts' }]],
    ['another object shape', [{ K: 'a', Parent_Id: { module: { api_name: 'Contacts' }, id: '1' } }]],
    ['a pick-list value holding ;', [{ K: 'a', Codes: ['D1;D2'] }]],
    ['records with different fields (a missing column would clear the field)', [{ K: 'a', X: '1' }, { K: 'b' }]],
    ['a number that is not finite', [{ K: 'a', N: Number.NaN }]],
  ];
  for (const [what, records] of cases) assert.equal(toBulkRows(records), null, what);
  assert.deepEqual(toBulkRows([]), { rows: [] });
});

test('result rows read as the records API per-item results (ledger and dead-letter path unchanged)', () => {
  assert.deepEqual(bulkItemResult({ rowIndex: 0, status: 'ADDED', recordId: '9' }), { code: 'SUCCESS', status: 'success', message: 'record added', action: 'insert', details: { id: '9' } });
  assert.equal(bulkItemResult({ rowIndex: 0, status: 'UPDATED', recordId: '9' }).action, 'update');
  assert.equal(bulkItemResult({ rowIndex: 0, status: 'SKIPPED', recordId: '9' }).status, 'success');
  assert.equal(bulkItemResult({ rowIndex: 0, status: 'SKIPPED' }).code, 'BULK_ROW_SKIPPED');
  assert.deepEqual(bulkItemResult({ rowIndex: 3, status: 'FAILED', errorCode: 'INVALID_DATA', errorField: 'Date_of_Birth' }), {
    code: 'INVALID_DATA', status: 'error', message: 'bulk write refused the row', details: { api_name: 'Date_of_Birth' },
  });
  assert.equal(bulkItemResult({ rowIndex: 0, status: 'FAILED' }).code, 'BULK_ROW_FAILED');
});
