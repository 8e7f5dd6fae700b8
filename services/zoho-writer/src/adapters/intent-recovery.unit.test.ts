import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ZohoOperationRecorded } from '@panda2zoho/events';
import { recoveredResult } from './intent-recovery.ts';

function intent(over: Partial<ZohoOperationRecorded>): ZohoOperationRecorded {
  return {
    eventId: 'e', runId: 'r', operationId: 'op', phase: 'INTENT', operation: 'UPSERT', module: 'Contacts', externalIdField: 'PANDA_Patient_Key',
    externalId: 'x', zohoId: null, result: null, errorCode: null, errorField: null, sourceEventIds: [], fieldsWritten: [], entity: 'patient',
    recordKey: 'x', locationId: null, memberKeys: [], parentModule: null, parentZohoId: null, sentFields: {}, existedBefore: false, beforeImage: null,
    intendedResult: null, recovered: false, recordedAtMs: 0, rollbackId: null, compensatedOperationIds: [], ...over,
  };
}

test('a call found in Zoho after a crash did what its intent says, whatever the ledger learnt since', () => {
  const cases: Array<[string, Partial<ZohoOperationRecorded>, boolean, 'INSERTED' | 'UPDATED']> = [
    ['an intended create, the record meanwhile known (e.g. a replay)', { intendedResult: 'INSERTED' }, true, 'INSERTED'],
    ['an intended update of a record the run wrote', { intendedResult: 'UPDATED' }, true, 'UPDATED'],
    ['an update of a pre-existing Contact', { operation: 'UPDATE', intendedResult: 'UPDATED', existedBefore: true, beforeImage: { Mobile: 'null' } }, false, 'UPDATED'],
    ['a new note', { operation: 'NOTE', intendedResult: 'INSERTED' }, false, 'INSERTED'],
    ['legacy intent (no intendedResult): known before → update', {}, true, 'UPDATED'],
    ['legacy intent: unknown, not pre-existing → insert', {}, false, 'INSERTED'],
    ['legacy note with an id → update', { operation: 'NOTE', zohoId: 'n1' }, false, 'UPDATED'],
  ];
  for (const [name, over, known, expected] of cases) assert.equal(recoveredResult(intent(over), known), expected, name);
});
