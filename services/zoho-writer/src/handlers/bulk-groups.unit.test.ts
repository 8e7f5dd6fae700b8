import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LedgerOperation } from '../domain/ledger-entries.ts';
import { bulkGroups, type PlannedOperation } from './execute-operations.ts';

function upsert(key: string, record: Record<string, unknown>, externalIdField = 'PANDA_Patient_Key'): PlannedOperation {
  const op = { operation: 'UPSERT', module: 'Contacts', externalIdField, externalId: key, recordKey: key } as LedgerOperation;
  return { op, call: { kind: 'upsert', record: { [externalIdField]: key, ...record } }, message: 0 };
}

test('upserts with the same key field and fields form a bulk group at the threshold; the others stay REST, in order', () => {
  const ops = [
    upsert('p1', { Last_Name: 'a', Email: null }),
    upsert('d1', { Last_Name: 'b', Account_Name: { id: '1' } }),
    upsert('p2', { Last_Name: 'c', Email: 'x@y' }),
    upsert('p3', { Last_Name: 'd', Email: null }),
  ];
  assert.deepEqual(bulkGroups(ops, [0, 1, 2, 3], 3), { bulk: [[0, 2, 3]], rest: [1] });
  assert.deepEqual(bulkGroups(ops, [0, 1, 2, 3], 4), { bulk: [], rest: [0, 1, 2, 3] });
  assert.deepEqual(bulkGroups(ops, [0, 1, 2, 3], 0), { bulk: [], rest: [0, 1, 2, 3] }, '0 turns Bulk Write off');
});
