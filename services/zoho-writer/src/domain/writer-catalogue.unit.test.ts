import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NormalizedPatient, RecordNormalized } from '@panda2zoho/events';
import { WRITER_FIELDS, type WriterModule } from '@panda2zoho/mapping';
import { planRecordWrite } from '../handlers/plan-operations.ts';
import { cdtProductsOf, productRecord } from './cdt-products.ts';
import { toContactRecord } from './contact-mapping.ts';
import { TARGETS, toNote, toZohoRecord } from './record-mapping.ts';
import { DELETED_FLAG_FIELD, zohoSchema, type CdtCodesMode } from './zoho-schema.ts';

/**
 * The writer and the field map's shared catalogue (@panda2zoho/mapping WRITER_FIELDS) agree: per
 * module, the fields the record mappers send (plus the owner map's Owner and the delete mark) are
 * exactly the catalogue's, and every custom field sent is provisioned. The proposer takes its Zoho
 * targets from the same catalogue, so the confirmed map never names a field the writer never writes.
 */
function event(entity: string, fields: RecordNormalized['fields'], parents: RecordNormalized['parents'] = []): RecordNormalized {
  return {
    eventId: 'e1', entity, recordKey: `L1:${entity}:9`, operation: 'UPSERT', mappingVersion: null, parents, fields, mergedFrom: [], issues: [],
    source: { sourceSystem: 'CSV_EXPORT', locationId: 'L1', sourceTable: 't', sourceKey: '9', sourcePosition: 'f:1', sourceCommittedAtMs: null },
  };
}
const ctx = { parents: new Map([['patient', { module: 'Contacts', id: 'c1' }], ['practice', { module: 'Accounts', id: 'a2' }]]), dealsAccountId: 'a1' };
const patient: NormalizedPatient = {
  patientId: '9', chartNumber: 'C9', firstName: 'Ann', middleName: 'B', lastName: 'Cole', preferredName: 'Annie', dateOfBirth: '1970-01-02', sex: 'F',
  email: 'a@x.test', homePhoneE164: '+15550100001', mobilePhoneE164: '+15550100002', workPhoneE164: '+15550100003', homePhoneDisplay: '(555) 010-0001', mobilePhoneDisplay: null, workPhoneDisplay: null, addressLine1: '1 Main', addressLine2: null,
  city: 'X', state: 'NY', postalCode: '10001', country: 'US', status: 'Active', sourceCreatedAt: null, sourceModifiedAt: null, primaryProviderKey: null,
};
/** Added to any record or note by the write planner: the owner map's user, and the delete mark under WRITER_DELETE_POLICY=mark. */
const PLANNER_FIELDS = ['Owner', DELETED_FLAG_FIELD];

/** What the writer sends per module under one ZOHO_CDT_CODES mode (products: the Products of a plan's codes too). */
function sentByModule(mode: CdtCodesMode): Map<string, Set<string>> {
  const sent = new Map<string, Set<string>>();
  const add = (module: string, fields: string[]) => sent.set(module, new Set([...(sent.get(module) ?? []), ...fields]));
  add('Contacts', [...Object.keys(toContactRecord('K1', patient, 'Delta Dental', { name: 'Ann Cole', relation: 'Self' })), ...PLANNER_FIELDS]);
  for (const target of Object.values(TARGETS).filter((t) => t.kind === 'record')) {
    add(target.module, [...Object.keys(toZohoRecord(event(target.entity, {}), { ...ctx, cdtCodes: mode })), ...PLANNER_FIELDS]);
  }
  if (mode === 'products') {
    for (const product of cdtProductsOf(event('treatment_plan', { cdtCodes: 'D4341', procedures: 'phase 1 | D4341 | #2 | scaling | 1.00 | planned' }))) add('Products', Object.keys(productRecord(product)));
  }
  add('Notes', [...Object.keys(toNote(event('clinical_note', { body: 'x' }))), 'Parent_Id', 'Owner']);
  const report = event('motivation_report', { fileName: 'm.pdf', pdf: { data: Buffer.from('%PDF') } }, [{ role: 'patient', entity: 'patient', recordKey: 'L1:patient:1' }]);
  const main = { recordKey: 'L1:patient:1', entity: 'patient', module: 'Contacts', zohoId: 'c1', externalIdField: 'PANDA_Patient_Key', existedBefore: false, parentZohoId: null };
  const planned = planRecordWrite(report, TARGETS['motivation_report']!, ctx.parents, main, undefined, { dealsAccountId: 'a1', message: 0, sourceEventIds: [] });
  assert.ok('op' in planned);
  add('Attachments', Object.keys(planned.op.sentFields));
  return sent;
}

test('per module, the writer sends exactly the catalogue the field map targets (both CDT-code modes together)', () => {
  const sent = sentByModule('picklist');
  for (const [module, fields] of sentByModule('products')) sent.set(module, new Set([...(sent.get(module) ?? []), ...fields]));
  assert.deepEqual([...sent.keys()].sort(), Object.keys(WRITER_FIELDS).sort());
  for (const [module, fields] of sent) {
    assert.deepEqual([...fields].sort(), [...WRITER_FIELDS[module as WriterModule]].sort(), module);
  }
});

test('ZOHO_CDT_CODES: picklist sends Deals.PANDA_CDT_Codes and no Product; products sends the Products fields and no multi-select', () => {
  const picklist = sentByModule('picklist');
  const products = sentByModule('products');
  assert.ok(picklist.get('Deals')!.has('PANDA_CDT_Codes'));
  assert.equal(picklist.get('Products'), undefined);
  assert.ok(!products.get('Deals')!.has('PANDA_CDT_Codes'));
  assert.deepEqual([...products.get('Products')!].sort(), [...WRITER_FIELDS.Products].sort());
  for (const module of Object.keys(WRITER_FIELDS).filter((m) => m !== 'Products' && m !== 'Deals')) assert.deepEqual(products.get(module), picklist.get(module), module);
});

const custom = (module: string, field: string) => module === 'PANDA_Charting' ? !['Name', 'Owner'].includes(field) : /^(PANDA_|Source_)/.test(field);

for (const mode of ['picklist', 'products'] as const) {
  test(`${mode}: every custom field the writer sends is provisioned; what is provisioned and never sent is known`, () => {
    const schema = zohoSchema(mode);
    const provisioned = new Set(schema.flatMap((m) => m.fields.map((f) => `${m.module}.${f.api_name}`)));
    const sent = sentByModule(mode);
    for (const [module, fields] of sent) {
      for (const field of fields) if (custom(module, field)) assert.ok(provisioned.has(`${module}.${field}`), `${module}.${field} is sent but not provisioned`);
    }
    const unsent = [...provisioned].filter((f) => {
      const [module, field] = f.split('.') as [string, string];
      return !sent.get(module)?.has(field);
    });
    // Every provisioned field is sent.
    assert.deepEqual(unsent.sort(), []);
  });
}
