import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ZohoOperationRecorded } from '@panda2zoho/events';
import { TransientError } from '@panda2zoho/kafka';
import type { ZohoItemResult } from '@panda2zoho/zoho';
import type { LedgerWriter } from '../adapters/ledger-writer.ts';
import type { ZohoGateway } from '../adapters/zoho-gateway.ts';
import { IdIndex } from '../domain/id-index.ts';
import { linkCdtProducts, type DealProducts } from './cdt-products.ts';

const ok = (id: string): ZohoItemResult => ({ code: 'SUCCESS', status: 'success', message: 'ok', details: { id } });
const refused = (code: string, apiName: string): ZohoItemResult => ({ code, status: 'error', message: 'no', details: { api_name: apiName } });

/**
 * A gateway stub recording the calls in one log with the ledger's writes (the emulator covers the HTTP
 * side; integration-tests/src/zoho-writer-cdt-products.int.test.ts the whole writer).
 */
function world(opts: { refuse?: Set<string>; refuseLink?: Set<string>; refuseUnlink?: Set<string>; failLinkOf?: string } = {}) {
  const log: string[] = [];
  const ledgered: ZohoOperationRecorded[] = [];
  const gateway = {
    upsert: async (module: string, records: Array<Record<string, unknown>>, field: string) => {
      log.push(`upsert ${module} by ${field} ${records.map((r) => String(r['PANDA_CDT_Code'])).join(',')}`);
      return records.map((r) => (opts.refuse?.has(String(r['PANDA_CDT_Code'])) ? refused('INVALID_DATA', 'Product_Name') : ok(`p-${String(r['PANDA_CDT_Code'])}`)));
    },
    relate: async (module: string, id: string, list: string, ids: string[]) => {
      if (id === opts.failLinkOf) throw new TransientError('ZOHO_5XX', 'unavailable');
      log.push(`link ${module}/${id}/${list} ${ids.join(',')}`);
      return ids.map((p) => (opts.refuseLink?.has(p) ? refused('INVALID_DATA', 'id') : ok(p)));
    },
    unrelate: async (module: string, id: string, list: string, relatedId: string) => {
      log.push(`unlink ${module}/${id}/${list}/${relatedId}`);
      return opts.refuseUnlink?.has(relatedId) ? refused('NOT_ALLOWED', 'id') : ok(relatedId);
    },
  } as unknown as ZohoGateway;
  const ledger = {
    record: async (entries: ZohoOperationRecorded[]) => {
      ledgered.push(...entries);
      log.push(`ledger ${entries.map((e) => `${e.phase} ${e.operation} ${e.externalId}`).join(', ')}`);
    },
  } as unknown as LedgerWriter;
  const index = new IdIndex();
  return { log, ledgered, deps: { gateway, ledger, index, runId: 'run1', now: () => 7 } };
}

const deal = (message: number, dealId: string, codes: string[], key = `L1:treatment_plan:${dealId}`): DealProducts => ({
  message, dealId, recordKey: key, locationId: 'L1', sourceEventIds: [`ev-${dealId}-${codes.join('')}`], products: codes.map((code) => ({ code, name: `${code} name` })),
});

test('Products: INTENT before, OUTCOME after, keyed cdt:<code>, no location; each code upserted once; every Deal linked, links ledgered', async () => {
  const { log, ledgered, deps } = world();
  const failures = await linkCdtProducts(deps, [deal(0, 'd1', ['D4341', 'D4910']), deal(1, 'd2', ['D4341'], 'L2:treatment_plan:d2')]);
  assert.equal(failures.size, 0);
  assert.deepEqual(log, [
    'ledger INTENT UPSERT D4341, INTENT UPSERT D4910',
    'upsert Products by PANDA_CDT_Code D4341,D4910',
    'ledger INTENT LINK D4341, INTENT LINK D4910, INTENT LINK D4341',
    'link Deals/d1/Products p-D4341,p-D4910',
    'link Deals/d2/Products p-D4341',
    'ledger OUTCOME UPSERT D4341, OUTCOME UPSERT D4910, OUTCOME LINK D4341, OUTCOME LINK D4910, OUTCOME LINK D4341',
  ]);
  const upsert = ledgered.filter((e) => e.operation === 'UPSERT');
  assert.deepEqual(upsert.map((e) => [e.phase, e.module, e.entity, e.recordKey, e.externalIdField, e.externalId, e.locationId, e.intendedResult, e.result, e.zohoId]), [
    ['INTENT', 'Products', 'cdt_product', 'cdt:D4341', 'PANDA_CDT_Code', 'D4341', null, 'INSERTED', null, null],
    ['INTENT', 'Products', 'cdt_product', 'cdt:D4910', 'PANDA_CDT_Code', 'D4910', null, 'INSERTED', null, null],
    ['OUTCOME', 'Products', 'cdt_product', 'cdt:D4341', 'PANDA_CDT_Code', 'D4341', null, null, 'INSERTED', 'p-D4341'],
    ['OUTCOME', 'Products', 'cdt_product', 'cdt:D4910', 'PANDA_CDT_Code', 'D4910', null, null, 'INSERTED', 'p-D4910'],
  ]);
  assert.deepEqual(upsert[0]!.sentFields, { PANDA_CDT_Code: '"D4341"', Product_Code: '"D4341"', Product_Name: '"D4341 name"', Product_Active: 'true' });
  assert.deepEqual(upsert[0]!.sourceEventIds, ['ev-d1-D4341D4910'], 'the first plan that needed the code');
  const links = ledgered.filter((e) => e.operation === 'LINK' && e.phase === 'OUTCOME');
  assert.deepEqual(links.map((e) => [e.module, e.zohoId, e.externalId, e.parentModule, e.parentZohoId, e.recordKey, e.locationId, e.result]), [
    ['Products', 'p-D4341', 'D4341', 'Deals', 'd1', 'L1:treatment_plan:d1', 'L1', 'INSERTED'],
    ['Products', 'p-D4910', 'D4910', 'Deals', 'd1', 'L1:treatment_plan:d1', 'L1', 'INSERTED'],
    ['Products', 'p-D4341', 'D4341', 'Deals', 'd2', 'L2:treatment_plan:d2', 'L1', 'INSERTED'],
  ]);
  assert.equal(new Set(links.map((e) => e.operationId)).size, 3, 'one plan\'s links have an operation id each');
  assert.ok(ledgered.every((e) => e.phase === 'INTENT' || ledgered.some((i) => i.phase === 'INTENT' && i.operationId === e.operationId)), 'every outcome has its intent');
  assert.deepEqual([...deps.index.linksOf('d1')], [['p-D4341', 'D4341'], ['p-D4910', 'D4910']]);
  assert.equal(deps.index.get('cdt:D4910')?.zohoId, 'p-D4910');
});

test('a restarted writer (its index fed by the ledger) upserts no known code and links nothing already linked', async () => {
  const first = world();
  await linkCdtProducts(first.deps, [deal(0, 'd1', ['D4341', 'D4910'])]);
  const second = world();
  for (const e of first.ledgered) second.deps.index.apply(e);
  assert.equal((await linkCdtProducts(second.deps, [deal(0, 'd1', ['D4341', 'D4910']), deal(1, 'd3', ['D4910'])])).size, 0);
  assert.deepEqual(second.log, ['ledger INTENT LINK D4910', 'link Deals/d3/Products p-D4910', 'ledger OUTCOME LINK D4910']);
});

test('a code removed from a plan is unlinked (by the ledger\'s links), UNLINK ledgered; a plan with no code left loses them all', async () => {
  const { log, ledgered, deps } = world();
  await linkCdtProducts(deps, [deal(0, 'd1', ['D4341', 'D4910']), deal(1, 'd2', ['D4342'])]);
  log.length = 0;
  ledgered.length = 0;
  assert.equal((await linkCdtProducts(deps, [deal(0, 'd1', ['D4341', 'D4355']), deal(1, 'd2', [])])).size, 0);
  assert.deepEqual(log, [
    'ledger INTENT UPSERT D4355',
    'upsert Products by PANDA_CDT_Code D4355',
    'ledger INTENT LINK D4355, INTENT UNLINK D4910, INTENT UNLINK D4342',
    'link Deals/d1/Products p-D4355',
    'unlink Deals/d1/Products/p-D4910',
    'unlink Deals/d2/Products/p-D4342',
    'ledger OUTCOME UPSERT D4355, OUTCOME LINK D4355, OUTCOME UNLINK D4910, OUTCOME UNLINK D4342',
  ]);
  const unlink = ledgered.find((e) => e.operation === 'UNLINK' && e.phase === 'OUTCOME')!;
  assert.deepEqual([unlink.zohoId, unlink.parentZohoId, unlink.result, unlink.recordKey], ['p-D4910', 'd1', 'DELETED', 'L1:treatment_plan:d1']);
  assert.deepEqual([...deps.index.linksOf('d1').values()].sort(), ['D4341', 'D4355']);
  assert.equal(deps.index.linksOf('d2').size, 0);
  assert.equal(deps.index.get('cdt:D4910')?.zohoId, 'p-D4910', 'the Product itself stays (a catalogue item)');
});

test('a refused Product, link or unlink fails only the deals concerned, with Zoho\'s code; the rest is still written', async () => {
  const { log, ledgered, deps } = world({ refuse: new Set(['D9999']), refuseLink: new Set(['p-D4342']) });
  const failures = await linkCdtProducts(deps, [
    deal(0, 'd1', ['D4341', 'D9999']),
    deal(1, 'd2', ['D4341']),
    deal(2, 'd3', ['D4342']),
  ]);
  assert.deepEqual([...failures.keys()].sort(), [0, 2]);
  assert.equal(failures.get(0)!.code, 'INVALID_DATA');
  assert.match(failures.get(0)!.reason, /D9999.*INVALID_DATA on Product_Name/);
  assert.match(failures.get(2)!.reason, /link CDT code D4342/);
  assert.ok(log.includes('link Deals/d1/Products p-D4341'), 'the codes that were written are still linked');
  const failed = ledgered.filter((e) => e.phase === 'OUTCOME' && e.result === 'FAILED').map((e) => [e.operation, e.externalId, e.errorCode, e.errorField]);
  assert.deepEqual(failed, [['UPSERT', 'D9999', 'INVALID_DATA', 'Product_Name'], ['LINK', 'D4342', 'INVALID_DATA', 'id']]);
  assert.equal(deps.index.get('cdt:D9999'), undefined, 'a refused code is tried again next time');
  assert.equal(deps.index.linksOf('d3').size, 0);

  const unlinking = world({ refuseUnlink: new Set(['p-D4910']) });
  await linkCdtProducts(unlinking.deps, [deal(0, 'd1', ['D4341', 'D4910'])]);
  const again = await linkCdtProducts(unlinking.deps, [deal(0, 'd1', ['D4341'])]);
  assert.deepEqual([...again].map(([m, f]) => [m, f.code]), [[0, 'NOT_ALLOWED']]);
  assert.match(again.get(0)!.reason, /unlink CDT code D4910/);
  assert.deepEqual([...unlinking.deps.index.linksOf('d1').values()].sort(), ['D4341', 'D4910'], 'still linked by the ledger: tried again on the next update');
});

test('a transient failure mid-way: what Zoho did is ledgered before the error propagates (the chunk is retried and skips it)', async () => {
  const { ledgered, deps } = world({ failLinkOf: 'd2' });
  await assert.rejects(linkCdtProducts(deps, [deal(0, 'd1', ['D4341']), deal(1, 'd2', ['D4910'])]), /unavailable/);
  const outcomes = ledgered.filter((e) => e.phase === 'OUTCOME').map((e) => `${e.operation} ${e.externalId} ${e.parentZohoId ?? ''}`.trim());
  assert.deepEqual(outcomes, ['UPSERT D4341', 'UPSERT D4910', 'LINK D4341 d1']);
  const closed = new Set(ledgered.filter((e) => e.phase === 'OUTCOME').map((e) => e.operationId));
  const open = ledgered.filter((e) => e.phase === 'INTENT' && !closed.has(e.operationId)).map((e) => `${e.operation} ${e.externalId} ${e.parentZohoId}`);
  assert.deepEqual(open, ['LINK D4910 d2'], 'the call that failed stays an open intent until the retry links it');
  assert.equal(deps.index.linksOf('d2').size, 0);
});
