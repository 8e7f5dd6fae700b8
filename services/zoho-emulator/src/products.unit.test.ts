import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { startTestEmulator, type TestEmulator } from './emulator-test-harness.ts';

async function insertOne(t: TestEmulator, module: string, record: Record<string, unknown>): Promise<string> {
  const res = await t.api('POST', `/crm/v8/${module}`, { data: [record] });
  assert.equal(res.status, 201, JSON.stringify(res.json));
  return res.json.data[0].details.id as string;
}

describe('Products and the Deals ↔ Products related list', () => {
  let t: TestEmulator;
  let dealId: string;

  beforeEach(async () => {
    t = await startTestEmulator();
    const accountId = await insertOne(t, 'Accounts', { Account_Name: 'Smile Dental' });
    dealId = await insertOne(t, 'Deals', { Deal_Name: 'SRP', Stage: 'Qualification', Closing_Date: '2025-03-01', Account_Name: { id: accountId } });
  });
  afterEach(() => t.close());

  it('has the standard Products module with Product_Name mandatory', async () => {
    const missing = await t.api('POST', '/crm/v8/Products', { data: [{ Product_Code: 'D4341' }] });
    assert.equal(missing.json.data[0].code, 'MANDATORY_NOT_FOUND');
    const id = await insertOne(t, 'Products', { Product_Name: 'D4341 scaling and root planing', Product_Code: 'D4341' });
    const got = await t.api('GET', `/crm/v8/Products/${id}?fields=Product_Name,Product_Code`);
    assert.equal(got.json.data[0].Product_Code, 'D4341');
  });

  it('upserts Products by a unique custom key field', async () => {
    const field = await t.api('POST', '/crm/v8/settings/fields?module=Products', { fields: [{ field_label: 'PANDA CDT Code', data_type: 'text', length: 120, unique: { casesensitive: true } }] });
    assert.equal(field.status, 201, JSON.stringify(field.json));
    const body = { data: [{ Product_Name: 'D4341', PANDA_CDT_Code: 'D4341' }], duplicate_check_fields: ['PANDA_CDT_Code'] };
    const first = await t.api('POST', '/crm/v8/Products/upsert', body);
    const second = await t.api('POST', '/crm/v8/Products/upsert', body);
    assert.equal(first.json.data[0].action, 'insert');
    assert.equal(second.json.data[0].action, 'update');
    assert.equal(second.json.data[0].details.id, first.json.data[0].details.id);
    assert.equal(t.emulator.exportState().modules['Products']!.records.length, 1);
  });

  it('links a product to a deal, idempotently, seen from both sides and in the state export', async () => {
    const productId = await insertOne(t, 'Products', { Product_Name: 'D4341' });
    for (let i = 0; i < 2; i++) {
      const res = await t.api('PUT', `/crm/v8/Deals/${dealId}/Products/${productId}`, { data: [{}] });
      assert.equal(res.status, 200, JSON.stringify(res.json));
      assert.deepEqual(res.json.data[0], { code: 'SUCCESS', details: { id: productId }, message: 'relation updated', status: 'success' });
    }
    const products = await t.api('GET', `/crm/v8/Deals/${dealId}/Products`);
    assert.deepEqual(products.json.data.map((p: { id: string }) => p.id), [productId]);
    const deals = await t.api('GET', `/crm/v8/Products/${productId}/Deals`);
    assert.deepEqual(deals.json.data.map((d: { id: string }) => d.id), [dealId]);
    assert.deepEqual(t.emulator.exportState().relations, [
      { module: 'Deals', record_id: dealId, related_list: 'Products', related_id: productId },
      { module: 'Products', record_id: productId, related_list: 'Deals', related_id: dealId },
    ]);
    const removed = await t.api('DELETE', `/crm/v8/Deals/${dealId}/Products/${productId}`);
    assert.equal(removed.status, 200);
    assert.equal((await t.api('GET', `/crm/v8/Deals/${dealId}/Products`)).status, 204);
    assert.deepEqual(t.emulator.exportState().relations, []);
  });

  it('a deleted Deal or Product takes its links with it (lists and state export)', async () => {
    const a = await insertOne(t, 'Products', { Product_Name: 'D4341' });
    const b = await insertOne(t, 'Products', { Product_Name: 'D4910' });
    await t.api('PUT', `/crm/v8/Deals/${dealId}/Products`, { data: [{ id: a }, { id: b }] });
    assert.equal(t.emulator.exportState().relations.length, 4);
    assert.equal((await t.api('DELETE', `/crm/v8/Products?ids=${b}`)).status, 200);
    assert.deepEqual((await t.api('GET', `/crm/v8/Deals/${dealId}/Products`)).json.data.map((p: { id: string }) => p.id), [a]);
    assert.deepEqual(t.emulator.exportState().relations.map((r) => [r.module, r.related_id]), [['Deals', a], ['Products', dealId]]);
    assert.equal((await t.api('DELETE', `/crm/v8/Deals?ids=${dealId}`)).status, 200);
    assert.equal((await t.api('GET', `/crm/v8/Products/${a}/Deals`)).status, 204);
    assert.deepEqual(t.emulator.exportState().relations, []);
  });

  it('links several products in one call with per-item results (an unknown product fails its item only)', async () => {
    const a = await insertOne(t, 'Products', { Product_Name: 'D4341' });
    const res = await t.api('PUT', `/crm/v8/Deals/${dealId}/Products`, { data: [{ id: a }, { id: '999' }] });
    assert.equal(res.status, 207, JSON.stringify(res.json));
    assert.deepEqual(res.json.data.map((d: { status: string }) => d.status), ['success', 'error']);
    assert.equal(t.emulator.exportState().relations.length, 2);
  });

  it('refuses an unknown related list and an unknown deal', async () => {
    const productId = await insertOne(t, 'Products', { Product_Name: 'D4341' });
    const list = await t.api('PUT', `/crm/v8/Deals/${dealId}/Widgets/${productId}`, {});
    assert.equal(list.status, 400);
    assert.equal(list.json.code, 'INVALID_DATA');
    const deal = await t.api('PUT', `/crm/v8/Deals/123/Products/${productId}`, {});
    assert.equal(deal.status, 400);
    assert.equal(deal.json.code, 'INVALID_DATA');
  });
});
