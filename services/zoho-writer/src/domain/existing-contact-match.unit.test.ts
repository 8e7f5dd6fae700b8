import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NormalizedPatient } from '@panda2zoho/events';
import { contactSearches, preExistingMatch, updateOfExisting } from './existing-contact-match.ts';

const patient = (over: Partial<NormalizedPatient>): NormalizedPatient => ({
  patientId: '1', chartNumber: null, firstName: null, middleName: null, lastName: null, preferredName: null, dateOfBirth: null, sex: null,
  email: null, homePhoneE164: null, mobilePhoneE164: null, workPhoneE164: null, addressLine1: null, addressLine2: null, city: null,
  state: null, postalCode: null, country: null, status: null, sourceCreatedAt: null, sourceModifiedAt: null, homePhoneDisplay: null, mobilePhoneDisplay: null, workPhoneDisplay: null, primaryProviderKey: null, ...over,
});

test('searches go e-mail, then phones (deduplicated), then name + birth date with escaped criteria', () => {
  const s = contactSearches(patient({ email: 'a@b.example', mobilePhoneE164: '+15550001', homePhoneE164: '+15550001', workPhoneE164: '+15550002', firstName: 'Ann', lastName: 'O(Brien),', dateOfBirth: '1970-01-02' }));
  assert.deepEqual(s.map((x) => x.rule), ['email', 'phone', 'phone', 'name-dob']);
  assert.equal(s[3]!.value, '((Last_Name:equals:O\\(Brien\\)\\,)and(First_Name:equals:Ann)and(Date_of_Birth:equals:1970-01-02))');
  assert.deepEqual(contactSearches(patient({ firstName: 'Ann', lastName: 'Lee' })), []);
});

test('a phone is searched in E.164 and then in its display form (how the migration writes it, how people type it)', () => {
  const s = contactSearches(patient({ mobilePhoneE164: '+13125550183', mobilePhoneDisplay: '(312) 555-0183', homePhoneE164: '+13125550183', homePhoneDisplay: '(312) 555-0183' }));
  assert.deepEqual(s.map((x) => [x.param, x.value]), [['phone', '+13125550183'], ['phone', '(312) 555-0183']]);
});

test('only a single Contact the migration did not create is a match', () => {
  assert.deepEqual(preExistingMatch([{ id: '1', PANDA_Patient_Key: null }]), { id: '1', PANDA_Patient_Key: null });
  assert.equal(preExistingMatch([{ id: '1', PANDA_Patient_Key: 'k' }]), null);
  assert.equal(preExistingMatch([{ id: '1' }, { id: '2' }]), null);
  assert.equal(preExistingMatch([]), null);
});

test('an update of a pre-existing Contact sends only changed non-empty values and keeps their before-image', () => {
  const { changes, beforeImage } = updateOfExisting(
    { id: '9', First_Name: 'Ann', Email: 'old@x.example', Mobile: null, Description: 'theirs' },
    { First_Name: 'Ann', Email: 'new@x.example', Mobile: '+1555', Phone: null, PANDA_Patient_Key: 'k1' },
  );
  assert.deepEqual(changes, { Email: 'new@x.example', Mobile: '+1555', PANDA_Patient_Key: 'k1' });
  assert.deepEqual(beforeImage, { Email: '"old@x.example"', Mobile: 'null', PANDA_Patient_Key: 'null' });
});
