import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ZohoOperationRecorded } from '@panda2zoho/events';
import { PermanentError } from '@panda2zoho/kafka';
import { IdIndex } from '../domain/id-index.ts';
import { intentEntry, type LedgerOperation } from '../domain/ledger-entries.ts';
import { provisionedRecordKey, provisioningIntent, type ProvisionedTarget } from '../domain/provisioning-ledger.ts';
import { recoverOpenIntents, recoveredResult } from './intent-recovery.ts';
import type { LedgerWriter } from './ledger-writer.ts';
import type { ZohoGateway } from './zoho-gateway.ts';

function openIntents(n: number): IdIndex {
  const index = new IdIndex();
  for (let i = 0; i < n; i++) {
    const op = {
      operation: 'UPSERT', module: 'Contacts', externalIdField: 'PANDA_Patient_Key', externalId: `ck-${i}`, entity: 'patient', recordKey: `ck-${i}`, locationId: null,
      memberKeys: [], parentModule: null, parentZohoId: null, zohoId: null, sentFields: {}, existedBefore: false, beforeImage: null, intendedResult: 'INSERTED', sourceEventIds: [`e${i}`],
    } satisfies LedgerOperation;
    index.apply(intentEntry('initial', op, 1));
  }
  return index;
}

function fakes(coql: (ids: string[]) => Promise<Map<string, string>>) {
  const calls = { coql: 0, search: 0 };
  const gateway = {
    findIdsByExternalIds: (_m: string, _f: string, ids: string[]) => (calls.coql++, coql(ids)),
    findByExternalId: (_m: string, _f: string, id: string) => (calls.search++, Promise.resolve(Number(id.slice(3)) % 2 === 0 ? { id: `z-${id}` } : null)),
  } as unknown as ZohoGateway;
  const written: ZohoOperationRecorded[] = [];
  const ledger = { record: (entries: ZohoOperationRecorded[]) => (written.push(...entries), Promise.resolve()) } as unknown as LedgerWriter;
  return { calls, gateway, ledger, written };
}

const evenFound = (ids: string[]) => Promise.resolve(new Map(ids.filter((id) => Number(id.slice(3)) % 2 === 0).map((id) => [id, `z-${id}`])));

test('after a crash in a large chunk, open intents are looked up 100 per COQL call, not one search each', async () => {
  const { calls, gateway, ledger, written } = fakes(evenFound);
  const report = await recoverOpenIntents(gateway, openIntents(150), ledger, 'initial', () => 2);
  assert.deepEqual(report, { resolved: 150, unresolvable: 0 });
  assert.deepEqual(calls, { coql: 2, search: 0 });
  const byKey = new Map(written.map((e) => [e.recordKey, e]));
  assert.deepEqual([byKey.get('ck-4')?.result, byKey.get('ck-4')?.zohoId, byKey.get('ck-4')?.recovered], ['INSERTED', 'z-ck-4', true]);
  assert.deepEqual([byKey.get('ck-5')?.result, byKey.get('ck-5')?.errorCode], ['FAILED', 'NOT_APPLIED_BEFORE_CRASH']);
});

test('when Zoho refuses the COQL lookup, each intent is searched on its own, with the same outcomes', async () => {
  const { calls, gateway, ledger, written } = fakes(() => Promise.reject(new PermanentError('ZOHO_SYNTAX_ERROR', 'refused')));
  await recoverOpenIntents(gateway, openIntents(3), ledger, 'initial', () => 2);
  assert.deepEqual(calls, { coql: 1, search: 3 });
  assert.deepEqual(written.map((e) => [e.recordKey, e.result]).sort(), [['ck-0', 'INSERTED'], ['ck-1', 'FAILED'], ['ck-2', 'INSERTED']]);
});

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

test('ZOHO_CDT_CODES=products: an open Products upsert is looked up by PANDA_CDT_Code, an open LINK/UNLINK in its Deal\'s Products (one read per Deal)', async () => {
  const index = new IdIndex();
  const common = { entity: 'cdt_product', externalIdField: 'PANDA_CDT_Code', memberKeys: [], existedBefore: false, beforeImage: null, sentFields: {}, sourceEventIds: ['e1'] };
  const product = (code: string): LedgerOperation => ({ ...common, operation: 'UPSERT', module: 'Products', externalId: code, recordKey: `cdt:${code}`, locationId: null, parentModule: null, parentZohoId: null, zohoId: null, intendedResult: 'INSERTED' });
  const link = (operation: 'LINK' | 'UNLINK', deal: string, productId: string, code: string): LedgerOperation => ({
    ...common, operation, module: 'Products', externalId: code, recordKey: `L1:treatment_plan:${deal}`, locationId: 'L1', parentModule: 'Deals', parentZohoId: deal, zohoId: productId,
    intendedResult: operation === 'LINK' ? 'INSERTED' : 'DELETED',
  });
  const ops = [product('D4341'), product('D4910'), link('LINK', 'd1', 'p1', 'D4341'), link('LINK', 'd1', 'p2', 'D4910'), link('UNLINK', 'd2', 'p1', 'D4341'), link('UNLINK', 'd3', 'p1', 'D4341'), link('LINK', 'gone', 'p1', 'D4341')];
  for (const o of ops) index.apply(intentEntry('initial', o, 1));
  const reads: string[] = [];
  const gateway = {
    findIdsByExternalIds: async (module: string, field: string, ids: string[]) => (reads.push(`coql ${module}.${field} ${ids.join(',')}`), new Map([['D4341', 'p1']])),
    related: async (module: string, id: string, list: string) => {
      reads.push(`related ${module}/${id}/${list}`);
      if (id === 'gone') throw new PermanentError('ZOHO_INVALID_DATA', 'the id given seems to be invalid');
      return ({ d1: [{ id: 'p1' }], d2: [], d3: [{ id: 'p1' }] } as Record<string, Array<{ id: string }>>)[id]!;
    },
  } as unknown as ZohoGateway;
  const written: ZohoOperationRecorded[] = [];
  const ledger = { record: async (entries: ZohoOperationRecorded[]) => void written.push(...entries) } as unknown as LedgerWriter;
  assert.deepEqual(await recoverOpenIntents(gateway, index, ledger, 'initial', () => 2), { resolved: 7, unresolvable: 0 });
  assert.deepEqual(reads.sort(), ['coql Products.PANDA_CDT_Code D4341,D4910', 'related Deals/d1/Products', 'related Deals/d2/Products', 'related Deals/d3/Products', 'related Deals/gone/Products']);
  const got = written.map((e) => [e.operation, e.externalId, e.parentZohoId, e.result, e.zohoId, e.errorCode]);
  assert.deepEqual(got, [
    ['UPSERT', 'D4341', null, 'INSERTED', 'p1', null],
    ['UPSERT', 'D4910', null, 'FAILED', null, 'NOT_APPLIED_BEFORE_CRASH'],
    ['LINK', 'D4341', 'd1', 'INSERTED', 'p1', null],
    ['LINK', 'D4910', 'd1', 'FAILED', 'p2', 'NOT_APPLIED_BEFORE_CRASH'],
    ['UNLINK', 'D4341', 'd2', 'DELETED', 'p1', null],
    ['UNLINK', 'D4341', 'd3', 'FAILED', 'p1', 'NOT_APPLIED_BEFORE_CRASH'],
    ['LINK', 'D4341', 'gone', 'FAILED', 'p1', 'NOT_APPLIED_BEFORE_CRASH'],
  ]);
  assert.ok(written.every((e) => e.recovered));
  assert.equal(index.openIntents().length, 0, 'each outcome closes its intent (same operation id)');
  assert.equal(index.get('cdt:D4341')?.zohoId, 'p1');
  assert.deepEqual([...index.linksOf('d1').keys()], ['p1']);
});

test('a provisioning intent a crash left open: the field or module looked up by api name; there = created by that call, else not applied', async () => {
  const index = new IdIndex();
  const targets: ProvisionedTarget[] = [{ kind: 'field', module: 'Contacts', apiName: 'PANDA_Sex' }, { kind: 'field', module: 'Deals', apiName: 'PANDA_Teeth' }, { kind: 'module', module: 'PANDA_Charting' }];
  for (const t of targets) index.apply(provisioningIntent('initial', 'a1', t, {}, 1));
  index.apply(provisioningIntent('other-run', 'a1', targets[0]!, {}, 1));
  const looked: string[] = [];
  const gateway = {
    provisionedId: (t: ProvisionedTarget) => (looked.push(provisionedRecordKey(t)), Promise.resolve(t.kind === 'module' ? 'm1' : t.apiName === 'PANDA_Sex' ? 'f1' : null)),
  } as unknown as ZohoGateway;
  const written: ZohoOperationRecorded[] = [];
  const ledger = { record: (entries: ZohoOperationRecorded[]) => (written.push(...entries), Promise.resolve()) } as unknown as LedgerWriter;
  assert.deepEqual(await recoverOpenIntents(gateway, index, ledger, 'initial', () => 2), { resolved: 3, unresolvable: 0 });
  assert.deepEqual(looked, ['zoho-field:Contacts.PANDA_Sex', 'zoho-field:Deals.PANDA_Teeth', 'zoho-module:PANDA_Charting']);
  assert.deepEqual(
    written.map((e) => [e.recordKey, e.operation, e.result, e.zohoId, e.errorCode, e.recovered]),
    [
      ['zoho-field:Contacts.PANDA_Sex', 'PROVISION', 'INSERTED', 'f1', null, true],
      ['zoho-field:Deals.PANDA_Teeth', 'PROVISION', 'FAILED', null, 'NOT_APPLIED_BEFORE_CRASH', true],
      ['zoho-module:PANDA_Charting', 'PROVISION', 'INSERTED', 'm1', null, true],
    ],
  );
  assert.deepEqual(index.openIntents().map((i) => i.runId), ['other-run'], 'each outcome closed its intent; another run\'s is left alone');
});
