import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ZohoOperationRecorded } from '@panda2zoho/events';
import { IdIndex } from './id-index.ts';
import { intentEntry, operationId, outcomeEntry, type LedgerOperation } from './ledger-entries.ts';

const op = (over: Partial<LedgerOperation> & Pick<LedgerOperation, 'operation' | 'module' | 'recordKey'>): LedgerOperation => ({
  externalIdField: '', externalId: over.recordKey, entity: 'treatment_plan', locationId: 'L1', memberKeys: [], parentModule: null, parentZohoId: null, zohoId: null,
  sentFields: {}, existedBefore: false, beforeImage: null, intendedResult: 'INSERTED', sourceEventIds: ['e1'], ...over,
});
const done = (o: LedgerOperation, result: ZohoOperationRecorded['result'] & string, zohoId: string): ZohoOperationRecorded[] =>
  [intentEntry('r', o, 1), outcomeEntry('r', o, { result: result as 'INSERTED', zohoId }, 2)];
const link = (operation: 'LINK' | 'UNLINK', deal: string, product: string, code: string) =>
  op({ operation, module: 'Products', recordKey: `L1:treatment_plan:${deal}`, entity: 'cdt_product', externalIdField: 'PANDA_CDT_Code', externalId: code, zohoId: product, parentModule: 'Deals', parentZohoId: deal, intendedResult: operation === 'LINK' ? 'INSERTED' : 'DELETED' });

test('LINK/UNLINK outcomes are links, not records: the Deal keeps its record, its links follow the ledger, a delete ends them', () => {
  const index = new IdIndex();
  const deal = op({ operation: 'UPSERT', module: 'Deals', recordKey: 'L1:treatment_plan:d1', externalIdField: 'PANDA_Deal_Key' });
  const product = op({ operation: 'UPSERT', module: 'Products', recordKey: 'cdt:D4341', entity: 'cdt_product', externalIdField: 'PANDA_CDT_Code', externalId: 'D4341', locationId: null });
  for (const e of [...done(deal, 'INSERTED', 'd1'), ...done(product, 'INSERTED', 'p1')]) index.apply(e);
  for (const e of [...done(link('LINK', 'd1', 'p1', 'D4341'), 'INSERTED', 'p1'), ...done(link('LINK', 'd1', 'p2', 'D4910'), 'INSERTED', 'p2')]) index.apply(e);
  assert.equal(index.get('L1:treatment_plan:d1')?.zohoId, 'd1', 'the plan\'s record is still its Deal');
  assert.equal(index.get('L1:treatment_plan:d1')?.module, 'Deals');
  assert.equal(index.get('cdt:D4341')?.zohoId, 'p1');
  assert.deepEqual([...index.linksOf('d1')], [['p1', 'D4341'], ['p2', 'D4910']]);
  assert.equal(index.openIntents().length, 0);

  const failedUnlink = link('UNLINK', 'd1', 'p2', 'D4910');
  index.apply(intentEntry('r', failedUnlink, 3));
  assert.equal(index.openIntents().length, 1, 'an open UNLINK intent is an open intent like any other');
  index.apply(outcomeEntry('r', failedUnlink, { result: 'FAILED', zohoId: 'p2', errorCode: 'NOT_ALLOWED' }, 4));
  assert.equal(index.linksOf('d1').size, 2, 'a failed unlink leaves the link');
  for (const e of done(link('UNLINK', 'd1', 'p2', 'D4910'), 'DELETED', 'p2')) index.apply(e);
  assert.deepEqual([...index.linksOf('d1').keys()], ['p1']);
  assert.equal(index.get('L1:treatment_plan:d1')?.zohoId, 'd1', 'an UNLINK deletes no record');

  // The Product deleted (a rollback): gone from the index and from every Deal's links.
  index.apply(outcomeEntry('r', { ...product, operation: 'DELETE', zohoId: 'p1' }, { result: 'DELETED', zohoId: 'p1' }, 5));
  assert.equal(index.get('cdt:D4341'), undefined);
  assert.equal(index.linksOf('d1').size, 0);
  // The Deal deleted: its links end with it.
  for (const e of done(link('LINK', 'd1', 'p3', 'D4342'), 'INSERTED', 'p3')) index.apply(e);
  index.apply(outcomeEntry('r', { ...deal, operation: 'DELETE', zohoId: 'd1' }, { result: 'DELETED', zohoId: 'd1' }, 6));
  assert.equal(index.linksOf('d1').size, 0);
});

test('one plan\'s links to several codes have distinct operation ids; other operations\' ids are unchanged by the code', () => {
  assert.notEqual(operationId('r', link('LINK', 'd1', 'p1', 'D4341')), operationId('r', link('LINK', 'd1', 'p2', 'D4910')));
  assert.notEqual(operationId('r', link('LINK', 'd1', 'p1', 'D4341')), operationId('r', link('UNLINK', 'd1', 'p1', 'D4341')));
  const upsert = op({ operation: 'UPSERT', module: 'Deals', recordKey: 'k' });
  assert.equal(operationId('r', upsert), operationId('r', { ...upsert, externalId: 'other' }));
});

test('each record\'s last successful write: set by INSERTED/UPDATED outcomes, kept by a FAILED one and by the Deal\'s links, forgotten with the record', () => {
  const index = new IdIndex();
  const deal = op({ operation: 'UPSERT', module: 'Deals', recordKey: 'L1:treatment_plan:d1', externalIdField: 'PANDA_Deal_Key' });
  index.apply(intentEntry('r', deal, 1));
  assert.equal(index.lastWrite(deal.recordKey), undefined, 'an intent is no write');
  for (const e of done(deal, 'INSERTED', 'd1')) index.apply(e);
  const written = { operationId: operationId('r', deal), operation: 'UPSERT', module: 'Deals' };
  assert.deepEqual(index.lastWrite(deal.recordKey), written);
  // The plan's LINK entries carry its recordKey: they are links, not writes of the Deal.
  for (const e of done(link('LINK', 'd1', 'p1', 'D4341'), 'INSERTED', 'p1')) index.apply(e);
  assert.deepEqual(index.lastWrite(deal.recordKey), written);
  const changed = { ...deal, sourceEventIds: ['e2'] };
  index.apply(outcomeEntry('r', changed, { result: 'FAILED', zohoId: null, errorCode: 'INVALID_DATA' }, 3));
  assert.deepEqual(index.lastWrite(deal.recordKey), written, 'a failed write leaves what Zoho holds');
  index.apply(outcomeEntry('r', changed, { result: 'UPDATED', zohoId: 'd1' }, 4));
  assert.equal(index.lastWrite(deal.recordKey)?.operationId, operationId('r', changed));
  index.apply(outcomeEntry('r', { ...deal, operation: 'DELETE', zohoId: 'd1' }, { result: 'DELETED', zohoId: 'd1' }, 5));
  assert.equal(index.lastWrite(deal.recordKey), undefined);
});
