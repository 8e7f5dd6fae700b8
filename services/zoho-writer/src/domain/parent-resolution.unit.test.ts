import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RecordNormalized, ZohoOperationRecorded } from '@panda2zoho/events';
import { IdIndex } from './id-index.ts';
import { resolveParents } from './parent-resolution.ts';
import { TARGETS } from './record-mapping.ts';

function outcome(over: Partial<ZohoOperationRecorded>): ZohoOperationRecorded {
  return {
    eventId: 'e', runId: 'r', operationId: over.operationId ?? 'op', phase: 'OUTCOME', operation: 'UPSERT', module: 'Contacts', externalIdField: 'PANDA_Patient_Key',
    externalId: 'x', zohoId: null, result: 'INSERTED', errorCode: null, errorField: null, sourceEventIds: [], fieldsWritten: [], entity: 'patient',
    recordKey: null, locationId: null, memberKeys: [], parentModule: null, parentZohoId: null, sentFields: {}, existedBefore: false, beforeImage: null, intendedResult: null,
    recovered: false, recordedAtMs: 0, rollbackId: null, compensatedOperationIds: [], ...over,
  };
}

function chart(parents: RecordNormalized['parents']): RecordNormalized {
  return {
    eventId: 'c1', entity: 'perio_chart', recordKey: 'L1:perio_chart:7', operation: 'UPSERT', mappingVersion: null, parents, fields: {}, mergedFrom: [], issues: [],
    source: { sourceSystem: 'DEBEZIUM_CDC', locationId: 'L1', sourceTable: 'PerioExams', sourceKey: '7', sourcePosition: '1', sourceCommittedAtMs: null },
  };
}

test('a patient child finds its Contact through the members of the PatientResolved that was written', () => {
  const index = new IdIndex();
  const child = chart([{ role: 'patient', entity: 'patient', recordKey: 'L1:patient:42' }, { role: 'provider', entity: 'provider', recordKey: 'L1:provider:1' }]);
  assert.deepEqual(resolveParents(child, TARGETS['perio_chart']!, index), { kind: 'wait', role: 'patient', parentKey: 'L1:patient:42' });

  index.apply(outcome({ recordKey: 'ck-1', externalId: 'ck-1', zohoId: 'z1', memberKeys: ['L1:patient:42', 'L2:patient:9'] }));
  const ready = resolveParents(child, TARGETS['perio_chart']!, index);
  assert.equal(ready.kind, 'ready');
  assert.deepEqual(ready.kind === 'ready' ? [...ready.parents] : null, [['patient', { module: 'Contacts', id: 'z1' }]]);

  index.apply(outcome({ operationId: 'op2', recordKey: 'ck-1', externalId: 'ck-1', zohoId: 'z1', result: 'DELETED' }));
  assert.equal(resolveParents(child, TARGETS['perio_chart']!, index).kind, 'wait');
});

test('a child that names no patient is invalid; a dentist without a practice is ready', () => {
  const index = new IdIndex();
  assert.deepEqual(resolveParents(chart([]), TARGETS['perio_chart']!, index), { kind: 'invalid', role: 'patient' });
  const dentist = { ...chart([]), entity: 'referring_dentist' };
  assert.equal(resolveParents(dentist, TARGETS['referring_dentist']!, index).kind, 'ready');
});

test('an intent without an outcome stays open until its outcome arrives', () => {
  const index = new IdIndex();
  index.apply(outcome({ phase: 'INTENT', operationId: 'a', result: null }));
  assert.equal(index.openIntents().length, 1);
  index.apply(outcome({ operationId: 'a', recordKey: 'k', zohoId: 'z' }));
  assert.equal(index.openIntents().length, 0);
  assert.equal(index.get('k')?.zohoId, 'z');
});

test('a dentist naming a practice the deduper merged away finds the golden Account', () => {
  const index = new IdIndex();
  index.apply(outcome({ recordKey: 'golden-1', externalId: 'golden-1', module: 'Accounts', zohoId: 'acc1', memberKeys: ['L2:referring_practice:4'], entity: 'referring_practice' }));
  const dentist = { ...chart([{ role: 'practice', entity: 'referring_practice', recordKey: 'L2:referring_practice:4' }]), entity: 'referring_dentist' };
  const ready = resolveParents(dentist, TARGETS['referring_dentist']!, index);
  assert.deepEqual(ready.kind === 'ready' ? ready.parents.get('practice') : null, { module: 'Accounts', id: 'acc1' });
});
