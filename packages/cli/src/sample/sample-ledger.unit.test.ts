import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ZohoOperationRecorded } from '@panda2zoho/events';
import { referenceMappingDocument } from '@panda2zoho/mapping';
import { migrationRows, migrationSettled } from '../commands/migrate.ts';
import { foldSampleLedger, ledgerKeyOf, mappingTargets } from './sample-run.ts';

function entry(over: Partial<ZohoOperationRecorded>): ZohoOperationRecorded {
  return {
    eventId: 'e', runId: 'sample-1', operationId: 'op1', phase: 'OUTCOME', operation: 'UPSERT', module: 'Contacts', externalIdField: 'PANDA_Patient_Key', externalId: 'ck1', zohoId: 'z1', result: 'INSERTED',
    errorCode: null, errorField: null, sourceEventIds: [], fieldsWritten: [], entity: 'patient', recordKey: 'ck1', locationId: 'L1', memberKeys: ['L1:patient:1'], parentModule: null, parentZohoId: null,
    sentFields: {}, existedBefore: false, beforeImage: null, recovered: false, rollbackId: null, recordedAtMs: 1, ...over,
  } as ZohoOperationRecorded;
}

test('the sample run\'s writes per record: sent fields merged over its writes (the later wins), patients by member key, other runs and rollbacks ignored', () => {
  const folded = foldSampleLedger(
    [
      entry({ phase: 'INTENT', operationId: 'op1', sentFields: { First_Name: '"Ann"', Mobile: '"+1555"' }, result: null, zohoId: null }),
      entry({ operationId: 'op1' }),
      entry({ phase: 'INTENT', operationId: 'op2', sentFields: { Mobile: '"+1666"' }, result: null, zohoId: null }),
      entry({ operationId: 'op2', result: 'UPDATED' }),
      entry({ phase: 'INTENT', operationId: 'op3', runId: 'initial', sentFields: { First_Name: '"Other"' }, result: null, zohoId: null }),
      entry({ operationId: 'op3', runId: 'initial' }),
      entry({ operationId: 'op4', operation: 'DELETE', result: 'DELETED', rollbackId: 'rb' }),
      entry({ operationId: 'op5', module: 'Tasks', recordKey: 'L1:clinical_flag:3', memberKeys: [], result: 'FAILED', zohoId: null }),
      entry({ operationId: 'op6', module: 'Deals', recordKey: 'L1:treatment_plan:4', memberKeys: [], zohoId: 'd4', sentFields: {} }),
      // ZOHO_CDT_CODES=products: the plan's Deal linked to a Product: a link, not the plan's record
      entry({ operationId: 'op7', operation: 'LINK', module: 'Products', recordKey: 'L1:treatment_plan:4', memberKeys: [], zohoId: 'p1', parentModule: 'Deals', parentZohoId: 'd4' }),
    ],
    'sample-1',
  );
  assert.deepEqual([folded.get('L1:treatment_plan:4')?.module, folded.get('L1:treatment_plan:4')?.zohoId], ['Deals', 'd4']);
  assert.deepEqual(folded.get('L1:patient:1'), { module: 'Contacts', zohoId: 'z1', sentFields: { First_Name: '"Ann"', Mobile: '"+1666"' }, failed: false });
  assert.equal(folded.get('ck1')?.zohoId, 'z1');
  assert.equal(folded.get('L1:clinical_flag:3')?.failed, true);
  assert.equal(ledgerKeyOf('perio_exam', 'L1:perio_exam:10'), 'L1:perio_chart:10');
  assert.equal(ledgerKeyOf('clinical_note', 'L1:clinical_note:7'), 'L1:clinical_note:7');
});

test('migrate: per entity written of resolved; settled once extracted, drained and everything written or failed', () => {
  const status = {
    generatedAtMs: 0,
    entities: [
      { entity: 'patient', module: 'Contacts', extracted: 10, normalized: 10, resolved: 9, written: 8, failed: 1, lag: 0 },
      { entity: 'provider', module: '-', extracted: 0, normalized: 0, resolved: 0, written: 0, failed: 0, lag: 0 },
    ],
    lag: [{ stage: 'zoho-writer', groupId: 'g', topic: 't', entity: 'patient', lag: 0 }],
  };
  assert.deepEqual(migrationRows(status), [{ label: 'patient', done: 9, total: 9 }]);
  assert.equal(migrationSettled(status), true);
  assert.equal(migrationSettled({ ...status, lag: [{ ...status.lag[0]!, lag: 3 }] }), false);
  assert.equal(migrationSettled({ ...status, entities: [] }), false, 'nothing extracted yet');
});

test('the sample expects what the writer sends: a key kept against the Zoho id is not a field; Owner only with an owner map', () => {
  const doc = referenceMappingDocument();
  const without = mappingTargets(doc);
  assert.equal(without.get('clinical_note')?.has('noteId'), false, 'Notes.id is the ledger\'s, never sent');
  assert.equal(without.get('patient')?.get('homePhone'), 'Contacts.Home_Phone');
  assert.equal(without.get('patient')?.has('providerId'), false, 'no owner map: no Owner is sent');
  const withOwners = mappingTargets({ ...doc, owners: { default: { id: 'u1', name: 'Admin' }, providers: [] } });
  assert.equal(withOwners.get('patient')?.get('providerId'), 'Contacts.Owner');
});
