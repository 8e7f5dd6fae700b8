import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ledgerEntityOf, ledgerKeyOf, toLedgerEntry } from './ledger-entry.ts';

const base = { phase: 'OUTCOME', module: 'Contacts', externalIdField: 'PANDA_Patient_Key', externalId: 'c1', zohoId: '9', result: 'INSERTED' };

test('a ledger entry of today\'s schema: no recordKey, no sentFields', () => {
  const e = toLedgerEntry(base);
  assert.ok(e);
  assert.deepEqual(e.sentFields, {});
  assert.equal(e.recordKey, null);
  assert.equal(ledgerEntityOf(e), 'patient');
  assert.equal(ledgerKeyOf('patient', e), 'c1');
});

test('the writer\'s additive fields are read when present', () => {
  const e = toLedgerEntry({ ...base, module: 'Deals', externalIdField: 'PANDA_Key', externalId: 'A:treatment_plan:7', recordKey: 'A:treatment_plan:7', locationId: 'A', sentFields: { Deal_Name: '"Plan"', Amount: '120.5', bogus: 3 } });
  assert.ok(e);
  assert.equal(ledgerEntityOf(e), 'treatment_plan');
  assert.equal(ledgerKeyOf('treatment_plan', e), 'A:treatment_plan:7');
  assert.deepEqual(e.sentFields, { Deal_Name: '"Plan"', Amount: '120.5' }, 'non-string values are not JSON-encoded values: ignored');
  assert.equal(e.operation, null);
  assert.equal(toLedgerEntry({ ...base, operation: 'LINK' })?.operation, 'LINK');
});

test('entity from the entity field, the record key, the module', () => {
  assert.equal(ledgerEntityOf(toLedgerEntry({ ...base, entity: 'referring_dentist' })!), 'referring_dentist');
  assert.equal(ledgerEntityOf(toLedgerEntry({ ...base, externalIdField: 'PANDA_Referrer_Key' })!), 'referring_dentist');
  assert.equal(ledgerEntityOf(toLedgerEntry({ ...base, module: 'Tasks', externalIdField: '' })!), 'clinical_flag');
  assert.equal(ledgerEntityOf(toLedgerEntry({ ...base, module: 'Leads' })!), undefined);
});

test('not a ledger entry', () => {
  for (const v of [null, 'x', {}, { ...base, phase: 'LATER' }, { ...base, module: '' }, { ...base, externalId: 3 }]) assert.equal(toLedgerEntry(v), undefined);
});
