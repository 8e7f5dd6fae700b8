import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NormalizedPatient, PatientNormalized } from '@panda2zoho/events';
import { resolveIdentity } from './resolve-identity.ts';

const ctx = { secret: 'test-secret' };

function event(location: string, key: string, patient: Partial<NormalizedPatient> | null): PatientNormalized {
  const base: NormalizedPatient = {
    patientId: key, chartNumber: null, firstName: 'José', middleName: null, lastName: 'Núñez', preferredName: null, dateOfBirth: '1970-01-31',
    sex: null, email: null, homePhoneE164: null, mobilePhoneE164: null, workPhoneE164: null, addressLine1: null, addressLine2: null,
    city: null, state: null, postalCode: null, country: null, status: null, sourceCreatedAt: null, sourceModifiedAt: null,
  };
  return {
    eventId: `${location}-${key}`,
    source: { sourceSystem: 'DEBEZIUM_CDC', locationId: location, sourceTable: 'dbo.Patients', sourceKey: key, sourcePosition: 'x', sourceCommittedAtMs: null },
    operation: 'UPSERT',
    patient: patient === null ? null : { ...base, ...patient },
    insuranceCarrier: null,
    ssnToken: null,
    issues: [],
  };
}

test('the same person at two locations gets one contact key, across accents and case', () => {
  const a = resolveIdentity(event('LOC01', '1', {}), ctx);
  const b = resolveIdentity(event('LOC02', '907', { firstName: 'JOSE', lastName: 'nunez' }), ctx);
  assert.equal(a.contactKey, b.contactKey);
  assert.equal(a.matchRule, 'exact-name-dob');
});

test('a different birth date is a different person', () => {
  const a = resolveIdentity(event('LOC01', '1', {}), ctx);
  const b = resolveIdentity(event('LOC01', '2', { dateOfBirth: '1970-01-30' }), ctx);
  assert.notEqual(a.contactKey, b.contactKey);
});

test('without a birth date a row is its own person, keyed by location and source key', () => {
  const a = resolveIdentity(event('LOC01', '1', { dateOfBirth: null }), ctx);
  const b = resolveIdentity(event('LOC02', '1', { dateOfBirth: null }), ctx);
  assert.equal(a.matchRule, 'source-key');
  assert.notEqual(a.contactKey, b.contactKey);
  assert.equal(a.contactKey, resolveIdentity(event('LOC01', '1', { dateOfBirth: null }), ctx).contactKey);
});

test('keys depend on the secret and reveal no PHI', () => {
  const a = resolveIdentity(event('LOC01', '1', {}), ctx);
  const b = resolveIdentity(event('LOC01', '1', {}), { secret: 'other' });
  assert.notEqual(a.contactKey, b.contactKey);
  assert.doesNotMatch(a.contactKey, /nunez|jose|1970/i);
});
