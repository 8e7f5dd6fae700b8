import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ZohoOperationRecorded } from '@panda2zoho/events';
import { IdIndex } from './id-index.ts';
import { intentEntry, operationId, outcomeEntry, type LedgerOperation, type OutcomeFacts } from './ledger-entries.ts';
import { alreadyWritten } from './replayed-write.ts';

const RUN = 'run-1';
const op = (over: Partial<LedgerOperation> = {}): LedgerOperation => ({
  operation: 'UPSERT', module: 'Contacts', externalIdField: 'PANDA_Patient_Key', externalId: 'ck-1', entity: 'patient', recordKey: 'ck-1', locationId: 'L1', memberKeys: [],
  parentModule: null, parentZohoId: null, zohoId: null, sentFields: {}, existedBefore: false, beforeImage: null, intendedResult: 'INSERTED', sourceEventIds: ['e1'], ...over,
});
const written = (o: LedgerOperation, facts: OutcomeFacts = { result: 'INSERTED', zohoId: 'z1' }, runId = RUN): ZohoOperationRecorded[] => [intentEntry(runId, o, 1), outcomeEntry(runId, o, facts, 2)];
/** A crash between the call and the outcome: recovery found the record by its external id. */
const recovered = (o: LedgerOperation): ZohoOperationRecorded[] => [intentEntry(RUN, o, 1), outcomeEntry(RUN, o, { result: 'INSERTED', zohoId: 'z1', recovered: true }, 3)];
const restore = (o: LedgerOperation): ZohoOperationRecorded => ({
  ...outcomeEntry(RUN, { ...o, operation: 'RESTORE', zohoId: 'z1' }, { result: 'UPDATED', zohoId: 'z1' }, 9),
  operationId: 'compensation-event-id', rollbackId: 'rb-1', sourceEventIds: [],
});
const indexOf = (entries: ZohoOperationRecorded[]) => {
  const index = new IdIndex();
  for (const e of entries) index.apply(e);
  return index;
};
const input = (over: Partial<{ runId: string; recordKey: string; sourceEventIds: string[] }> = {}) => ({ runId: RUN, recordKey: 'ck-1', sourceEventIds: ['e1'], ...over });

const cases: Array<{ name: string; ledger: ZohoOperationRecorded[]; input: ReturnType<typeof input>; skipped: boolean }> = [
  { name: 'the same operation, outcome recovered after a crash', ledger: recovered(op()), input: input(), skipped: true },
  { name: 'the same operation, outcome committed (a retried chunk, a reset group)', ledger: written(op()), input: input(), skipped: true },
  { name: 'a pre-existing Contact updated by id (UPDATE), the same input again', ledger: written(op({ operation: 'UPDATE', intendedResult: 'UPDATED', existedBefore: true, zohoId: 'z1' }), { result: 'UPDATED', zohoId: 'z1' }), input: input(), skipped: true },
  { name: 'a note written, the same input again', ledger: written(op({ operation: 'NOTE', module: 'Notes', externalIdField: '', recordKey: 'L1:clinical_note:1' })), input: input({ recordKey: 'L1:clinical_note:1' }), skipped: true },
  {
    name: 'an update recovered after a crash (the record was there before: no proof Zoho took it)',
    ledger: [intentEntry(RUN, op(), 1), outcomeEntry(RUN, op(), { result: 'UPDATED', zohoId: 'z1', recovered: true }, 3)], input: input(), skipped: false,
  },
  { name: 'a new source event of the record', ledger: recovered(op()), input: input({ sourceEventIds: ['e2'] }), skipped: false },
  { name: 'the same event coalesced with a newer one', ledger: recovered(op()), input: input({ sourceEventIds: ['e1', 'e2'] }), skipped: false },
  { name: 'another run', ledger: recovered(op()), input: input({ runId: 'run-2' }), skipped: false },
  { name: 'another record with the same events', ledger: recovered(op()), input: input({ recordKey: 'ck-2' }), skipped: false },
  { name: 'only an intent (a crash recovery could not resolve)', ledger: [intentEntry(RUN, op(), 1)], input: input(), skipped: false },
  { name: 'the write failed (recovery: not applied before the crash)', ledger: [intentEntry(RUN, op(), 1), outcomeEntry(RUN, op(), { result: 'FAILED', zohoId: null, errorCode: 'NOT_APPLIED_BEFORE_CRASH', recovered: true }, 2)], input: input(), skipped: false },
  { name: 'deleted since (a rollback, a source delete): a re-migration writes it again', ledger: [...recovered(op()), outcomeEntry(RUN, op({ operation: 'DELETE', zohoId: 'z1', sourceEventIds: [] }), { result: 'DELETED', zohoId: 'z1' }, 5)], input: input(), skipped: false },
  { name: 'restored by a rollback since (a pre-existing record)', ledger: [...written(op({ operation: 'UPDATE', existedBefore: true, zohoId: 'z1' }), { result: 'UPDATED', zohoId: 'z1' }), restore(op())], input: input(), skipped: false },
  { name: 'written again by a later event since', ledger: [...written(op()), ...written(op({ sourceEventIds: ['e2'] }), { result: 'UPDATED', zohoId: 'z1' })], input: input(), skipped: false },
];

for (const c of cases) {
  test(`replayed write: ${c.name} → ${c.skipped ? 'not sent again' : 'written'}`, () => {
    assert.equal(alreadyWritten(indexOf(c.ledger), c.input), c.skipped);
  });
}

test('a FAILED outcome after a success leaves the success as the last write (Zoho holds what it sent)', () => {
  const later = op({ sourceEventIds: ['e2'] });
  const index = indexOf([...written(op()), intentEntry(RUN, later, 3), outcomeEntry(RUN, later, { result: 'FAILED', zohoId: null, errorCode: 'INVALID_DATA' }, 4)]);
  assert.equal(index.lastWrite('ck-1')?.operationId, operationId(RUN, op()));
  assert.equal(alreadyWritten(index, input()), true);
  assert.equal(alreadyWritten(index, input({ sourceEventIds: ['e2'] })), false, 'the failed write is tried again');
});
