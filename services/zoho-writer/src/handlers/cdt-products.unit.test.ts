import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ZohoItemResult } from '@panda2zoho/zoho';
import type { ZohoGateway } from '../adapters/zoho-gateway.ts';
import { linkCdtProducts } from './cdt-products.ts';

const ok = (id: string): ZohoItemResult => ({ code: 'SUCCESS', status: 'success', message: 'ok', details: { id } });
const refused = (code: string, apiName: string): ZohoItemResult => ({ code, status: 'error', message: 'no', details: { api_name: apiName } });

/** A gateway stub recording the Products upserts and the links (the emulator covers the HTTP side). */
function gateway(refuse: Set<string>, refuseLink: Set<string> = new Set()) {
  const calls = { upserts: [] as string[][], links: [] as Array<[string, string[]]> };
  const g = {
    upsert: async (_module: string, records: Array<Record<string, unknown>>) => {
      calls.upserts.push(records.map((r) => String(r['PANDA_CDT_Code'])));
      return records.map((r) => (refuse.has(String(r['PANDA_CDT_Code'])) ? refused('INVALID_DATA', 'Product_Name') : ok(`p-${String(r['PANDA_CDT_Code'])}`)));
    },
    relate: async (_module: string, id: string, _list: string, ids: string[]) => {
      calls.links.push([id, ids]);
      return ids.map((p) => (refuseLink.has(p) ? refused('INVALID_DATA', 'id') : ok(p)));
    },
  };
  return { g: g as unknown as ZohoGateway, calls };
}

test('each code is upserted once per process and every deal is linked to its codes', async () => {
  const { g, calls } = gateway(new Set());
  const state = { ids: new Map<string, string>() };
  const deals = [
    { message: 0, dealId: 'd1', products: [{ code: 'D4341', name: 'D4341' }, { code: 'D4910', name: 'D4910' }] },
    { message: 1, dealId: 'd2', products: [{ code: 'D4341', name: 'D4341' }] },
  ];
  assert.equal((await linkCdtProducts(g, state, deals)).size, 0);
  assert.deepEqual(calls.upserts, [['D4341', 'D4910']]);
  assert.deepEqual(calls.links, [['d1', ['p-D4341', 'p-D4910']], ['d2', ['p-D4341']]]);
  await linkCdtProducts(g, state, deals);
  assert.equal(calls.upserts.length, 1, 'known codes are not upserted again');
  assert.equal(calls.links.length, 4, 'links are sent again (idempotent in Zoho)');
});

test('a refused Product or link fails only the deals that needed it, with Zoho\'s code', async () => {
  const { g, calls } = gateway(new Set(['D9999']), new Set(['p-D4342']));
  const failures = await linkCdtProducts(g, { ids: new Map() }, [
    { message: 0, dealId: 'd1', products: [{ code: 'D4341', name: 'D4341' }, { code: 'D9999', name: 'D9999' }] },
    { message: 1, dealId: 'd2', products: [{ code: 'D4341', name: 'D4341' }] },
    { message: 2, dealId: 'd3', products: [{ code: 'D4342', name: 'D4342' }] },
  ]);
  assert.deepEqual([...failures.keys()].sort(), [0, 2]);
  assert.equal(failures.get(0)!.code, 'INVALID_DATA');
  assert.match(failures.get(0)!.reason, /D9999.*Product_Name/);
  assert.match(failures.get(2)!.reason, /link CDT code D4342/);
  assert.deepEqual(calls.links[0], ['d1', ['p-D4341']], 'the codes that were written are still linked');
});
