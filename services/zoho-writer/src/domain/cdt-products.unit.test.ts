import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RecordNormalized } from '@panda2zoho/events';
import { cdtProductsOf, productRecord } from './cdt-products.ts';
import { toZohoRecord } from './record-mapping.ts';
import { zohoSchema } from './zoho-schema.ts';

function plan(fields: RecordNormalized['fields']): RecordNormalized {
  return {
    eventId: 'e1', entity: 'treatment_plan', recordKey: 'L1:treatment_plan:9', operation: 'UPSERT', mappingVersion: null, parents: [], fields, mergedFrom: [], issues: [],
    source: { sourceSystem: 'CSV_EXPORT', locationId: 'L1', sourceTable: 't', sourceKey: '9', sourcePosition: 'f:1', sourceCommittedAtMs: null },
  };
}

test('a plan\'s CDT codes become Products named code + the first description its procedures give', () => {
  const products = cdtProductsOf(plan({
    cdtCodes: 'D4341, D4910,D4341',
    procedures: 'phase 1 | D4341 | #2-3 | scaling and root planing | 250.00 | planned\nphase 1 | D4341 | #4 | later text | 1 | x\nphase 2 | D4910 | - | - | 120.00 | planned',
  }));
  assert.deepEqual(products, [{ code: 'D4341', name: 'D4341 scaling and root planing' }, { code: 'D4910', name: 'D4910' }]);
  assert.deepEqual(productRecord(products[0]!), { PANDA_CDT_Code: 'D4341', Product_Code: 'D4341', Product_Name: 'D4341 scaling and root planing', Product_Active: true });
  assert.deepEqual(cdtProductsOf(plan({ cdtCodes: null })), []);
  assert.deepEqual(cdtProductsOf(plan(null)), []);
  assert.equal(cdtProductsOf(plan({ cdtCodes: 'D4341', procedures: `phase 1 | D4341 | - | ${'x'.repeat(300)} | 1 | p` }))[0]!.name.length, 120);
});

test('products mode: Products keyed by PANDA_CDT_Code, no multi-select on Deals, and the Deal record leaves it out', () => {
  const picklist = zohoSchema('picklist');
  const products = zohoSchema('products');
  assert.ok(picklist.find((m) => m.module === 'Deals')!.fields.some((f) => f.api_name === 'PANDA_CDT_Codes'));
  assert.equal(picklist.find((m) => m.module === 'Products'), undefined);
  assert.ok(!products.find((m) => m.module === 'Deals')!.fields.some((f) => f.api_name === 'PANDA_CDT_Codes'));
  assert.deepEqual(products.find((m) => m.module === 'Products')!.fields.map((f) => [f.api_name, f.unique]), [['PANDA_CDT_Code', { casesensitive: true }]]);
  const ctx = { parents: new Map([['patient', { module: 'Contacts', id: 'c1' }]]), dealsAccountId: 'a1' };
  assert.deepEqual(toZohoRecord(plan({ cdtCodes: 'D4341' }), ctx)['PANDA_CDT_Codes'], ['D4341']);
  assert.ok(!('PANDA_CDT_Codes' in toZohoRecord(plan({ cdtCodes: 'D4341' }), { ...ctx, cdtCodes: 'products' })));
});
