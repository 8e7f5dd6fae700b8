import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PermanentError, TransientError } from '@panda2zoho/kafka';
import type { ZohoItemResult } from '@panda2zoho/zoho';
import type { ZohoGateway } from '../adapters/zoho-gateway.ts';
import type { LedgerOperation } from '../domain/ledger-entries.ts';
import { bulkGroups, callZoho, type PlannedOperation } from './execute-operations.ts';

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

test('callZoho: a group at the threshold goes to Bulk Write; a job Zoho refuses as a whole falls back to the records API', async () => {
  const ops = ['p1', 'p2', 'p3'].map((k) => upsert(k, { Last_Name: k }));
  const calls: string[] = [];
  const ok = (n: number) => Array.from({ length: n }, (_, i) => ({ code: 'SUCCESS', status: 'success' as const, message: '', details: { id: `z${i}` } }));
  const gateway = (bulk: () => Promise<ZohoItemResult[] | null>) =>
    ({
      bulkUpsert: (_m: string, records: unknown[]) => (calls.push(`bulk ${records.length}`), bulk()),
      upsert: (_m: string, records: unknown[]) => (calls.push(`rest ${records.length}`), Promise.resolve(ok(records.length))),
    }) as unknown as ZohoGateway;
  const settled: number[] = [];
  await callZoho(gateway(() => Promise.resolve(ok(3))), ops, (p) => settled.push(p), { threshold: 3, pollIntervalMs: 1 });
  assert.deepEqual([calls, settled], [['bulk 3'], [0, 1, 2]]);
  calls.length = 0;
  const items = await callZoho(gateway(() => Promise.reject(new PermanentError('ZOHO_INVALID_DATA', 'job refused'))), ops, () => undefined, { threshold: 3, pollIntervalMs: 1 });
  assert.deepEqual(calls, ['bulk 3', 'rest 3']);
  assert.equal(items.length, 3);
  calls.length = 0;
  // A result Zoho put on a host that is not Zoho's is refused the same way (the job ran; REST upserts by the same key).
  await callZoho(gateway(() => Promise.reject(new PermanentError('ZOHO_UNTRUSTED_HOST', 'the OAuth token is not sent to evil.example'))), ops, () => undefined, { threshold: 3, pollIntervalMs: 1 });
  assert.deepEqual(calls, ['bulk 3', 'rest 3']);
  calls.length = 0;
  await assert.rejects(callZoho(gateway(() => Promise.reject(new TransientError('ZOHO_BULK_JOB_TIMEOUT', 'still running'))), ops, () => undefined, { threshold: 3, pollIntervalMs: 1 }), /still running/);
});
