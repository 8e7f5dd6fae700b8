import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NormalizedPatient } from '@panda2zoho/events';
import { guarantorText, toContactRecord } from './contact-mapping.ts';
import { zohoSchema } from './zoho-schema.ts';

const patient = (over: Partial<NormalizedPatient>): NormalizedPatient => ({
  patientId: '1', chartNumber: null, firstName: 'Ann', middleName: null, lastName: 'Lee', preferredName: null, dateOfBirth: null, sex: null,
  email: null, homePhoneE164: null, mobilePhoneE164: null, workPhoneE164: null, addressLine1: null, addressLine2: null, city: null,
  state: null, postalCode: null, country: null, status: null, sourceCreatedAt: null, sourceModifiedAt: null,
  homePhoneDisplay: null, mobilePhoneDisplay: null, workPhoneDisplay: null, primaryProviderKey: null, ...over,
});

test('phones go to Zoho in their display form; the home phone before the work phone', () => {
  const r = toContactRecord('k', patient({
    homePhoneE164: '+13125550147', homePhoneDisplay: '(312) 555-0147', workPhoneE164: '+13125550100', workPhoneDisplay: '(312) 555-0100',
    mobilePhoneE164: '+442079460958', mobilePhoneDisplay: '+44 20 7946 0958',
  }));
  assert.equal(r['Phone'], '(312) 555-0147');
  assert.equal(r['Mobile'], '+44 20 7946 0958');
  assert.equal(toContactRecord('k', patient({ workPhoneE164: '+13125550100', workPhoneDisplay: '(312) 555-0100' }))['Phone'], '(312) 555-0100');
});

test('an event from before the display form (display null) still writes the E.164 value', () => {
  const r = toContactRecord('k', patient({ homePhoneE164: '+13125550147', mobilePhoneE164: '+13125550183' }));
  assert.equal(r['Phone'], '+13125550147');
  assert.equal(r['Mobile'], '+13125550183');
});

test('the insurance carrier goes to PANDA_Insurance, null included (an owned field)', () => {
  assert.equal(toContactRecord('k', patient({}), 'Delta Dental')['PANDA_Insurance'], 'Delta Dental');
  const none = toContactRecord('k', patient({}));
  assert.ok('PANDA_Insurance' in none);
  assert.equal(none['PANDA_Insurance'], null);
});

test('the guarantor goes to PANDA_Guarantor as "Name (Relation)", either part alone, null included (an owned field)', () => {
  const cases: Array<[{ name: string | null; relation: string | null } | null, string | null]> = [
    [{ name: 'John Lee', relation: 'Spouse' }, 'John Lee (Spouse)'],
    [{ name: 'John Lee', relation: null }, 'John Lee'],
    [{ name: null, relation: 'Self' }, '(Self)'],
    [{ name: null, relation: null }, null],
    [null, null],
  ];
  for (const [guarantor, expected] of cases) {
    assert.equal(guarantorText(guarantor), expected, JSON.stringify(guarantor));
    const record = toContactRecord('k', patient({}), null, guarantor);
    assert.ok('PANDA_Guarantor' in record);
    assert.equal(record['PANDA_Guarantor'], expected);
  }
  // The longest the normalizer lets through fits the provisioned field.
  const longest = guarantorText({ name: 'n'.repeat(120), relation: 'r'.repeat(30) })!;
  const field = zohoSchema().find((m) => m.module === 'Contacts')!.fields.find((f) => f.api_name === 'PANDA_Guarantor')!;
  assert.ok(longest.length <= field.length!, `${longest.length} > ${field.length}`);
});
