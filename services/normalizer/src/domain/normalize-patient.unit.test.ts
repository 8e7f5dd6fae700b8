import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SourceRecordChanged } from '@panda2zoho/events';
import { normalizeBirthDate, wallClockToIso } from './normalize-date.ts';
import { normalizeName } from './normalize-name.ts';
import { hmacToken, normalizePatient } from './normalize-patient.ts';
import { testContext as ctx } from './normalize-context.test-support.ts';

type Row = NonNullable<SourceRecordChanged['fields']>;

function row(overrides: Row = {}): Row {
  return {
    patientId: 17, chartNumber: ' C-17 ', firstName: 'MARY', middleName: null, lastName: "o'brien", preferredName: null,
    dateOfBirth: '1961-04-02', sex: 'f', email: ' Mary.OBrien@Example.com ', homePhone: '(217) 201-4477', mobilePhone: '217 201 4478',
    workPhone: 'n/a', addressLine1: ' 12 Elm St ', addressLine2: null, city: 'SPRINGFIELD', state: 'il', postalCode: '62701',
    country: 'US', status: 'Active', createdAt: '2024-03-05T14:30:00.000', modifiedAt: null, ...overrides,
  };
}

function event(fields: Row | null, operation: 'UPSERT' | 'DELETE' = 'UPSERT'): SourceRecordChanged {
  return {
    eventId: 'e1',
    entity: 'patient',
    source: { sourceSystem: 'DEBEZIUM_CDC', locationId: 'LOC01', sourceTable: 'dbo.Patients', sourceKey: '17', sourcePosition: 'p', sourceCommittedAtMs: Date.UTC(2026, 10, 25, 12) },
    operation,
    extractedAtMs: 2,
    fields,
  };
}

test('names: white space collapsed, shouting title-cased, deliberate case kept', () => {
  const cases: Array<[string | null, string | null]> = [
    ['  MARY   ANN ', 'Mary Ann'], ["o'brien", "O'Brien"], ['SMITH-JONES', 'Smith-Jones'], ['McDonald', 'McDonald'], ['   ', null], [null, null],
  ];
  for (const [input, expected] of cases) assert.equal(normalizeName(input), expected, String(input));
});

test('birth dates: sentinels, impossible and future dates become null with a reason', () => {
  const cases: Array<[string | null, string | null, string | null]> = [
    ['1961-04-02', '1961-04-02', null], ['1961-04-02T00:00:00', '1961-04-02', null], ['1900-01-01', null, 'SENTINEL_DATE'],
    ['9999-12-31', null, 'SENTINEL_DATE'], ['2023-02-29', null, 'IMPOSSIBLE_DATE'], ['04/02/1961', null, 'IMPOSSIBLE_DATE'],
    ['2027-01-01', null, 'FUTURE_DATE'], [null, null, null],
  ];
  for (const [input, value, problem] of cases) assert.deepEqual(normalizeBirthDate(input, '2026-11-25'), { value, problem }, String(input));
});

test('wall-clock timestamps get the practice zone offset, DST included', () => {
  assert.equal(wallClockToIso('2024-03-05T14:30:00.000', 'America/New_York'), '2024-03-05T14:30:00-05:00');
  assert.equal(wallClockToIso('2024-07-05T09:00:00.000', 'America/New_York'), '2024-07-05T09:00:00-04:00');
  assert.equal(wallClockToIso('2024-07-05T09:00:00.000', 'Asia/Kolkata'), '2024-07-05T09:00:00+05:30');
  assert.equal(wallClockToIso(null, 'UTC'), null);
});

test('a patient becomes Zoho-ready values, with issues naming fields and never values', () => {
  const result = normalizePatient(event(row()), ctx);
  assert.equal(result.kind, 'normalized');
  if (result.kind !== 'normalized') return;
  const p = result.event.patient!;
  assert.equal(p.firstName, 'Mary');
  assert.equal(p.lastName, "O'Brien");
  assert.equal(p.email, 'mary.obrien@example.com');
  assert.equal(p.homePhoneE164, '+12172014477');
  assert.equal(p.mobilePhoneE164, '+12172014478');
  assert.equal(p.workPhoneE164, null);
  assert.equal(p.homePhoneDisplay, '(217) 201-4477');
  assert.equal(p.mobilePhoneDisplay, '(217) 201-4478');
  assert.equal(p.workPhoneDisplay, null);
  assert.equal(p.chartNumber, 'C-17');
  assert.equal(p.state, 'IL');
  assert.equal(p.sourceCreatedAt, '2024-03-05T14:30:00-05:00');
  assert.deepEqual(result.event.issues.map((i) => [i.code, i.field]), [['INVALID_PHONE', 'workPhone']]);
  assert.ok(!JSON.stringify(result.event.issues).includes('n/a'));
});

test('phones: E.164 for matching plus a display form, national in the practice country and international outside it', () => {
  const cases: Array<[string, string | null, string | null]> = [
    ['(312) 555-0147', '+13125550147', '(312) 555-0147'], ['312.555.0147', '+13125550147', '(312) 555-0147'], ['+1 312 555 0147', '+13125550147', '(312) 555-0147'],
    ['+44 20 7946 0958', '+442079460958', '+44 20 7946 0958'], ['+49 30 901820', '+4930901820', '+49 30 901820'], ['555-01', null, null],
  ];
  for (const [raw, e164, display] of cases) {
    const result = normalizePatient(event(row({ homePhone: raw, workPhone: null })), ctx);
    assert.ok(result.kind === 'normalized');
    if (result.kind !== 'normalized') return;
    assert.deepEqual([result.event.patient?.homePhoneE164, result.event.patient?.homePhoneDisplay], [e164, display], raw);
  }
});

test('missing last name follows the configured policy', () => {
  const rejected = normalizePatient(event(row({ lastName: '  ' })), ctx);
  assert.equal(rejected.kind, 'rejected');
  const placeheld = normalizePatient(event(row({ lastName: null })), { ...ctx, missingLastName: 'placeholder' });
  assert.equal(placeheld.kind, 'normalized');
  if (placeheld.kind === 'normalized') {
    assert.equal(placeheld.event.patient?.lastName, '(unknown)');
    assert.equal(placeheld.event.issues[0]?.code, 'LAST_NAME_PLACEHOLDER');
    assert.deepEqual(placeheld.issues.filter((i) => i.field === 'lastName').map((i) => [i.rule, i.action, i.before, i.after]), [['LAST_NAME_PLACEHOLDER', 'PLACEHOLDER', 'empty', '(unknown)']]);
  }
});

test('a delete passes through with its before-image normalized', () => {
  const result = normalizePatient(event(row(), 'DELETE'), ctx);
  assert.equal(result.kind, 'normalized');
  if (result.kind === 'normalized') assert.equal(result.event.operation, 'DELETE');
});

test('a birth date after the row was committed is impossible; the check uses the commit date, not a clock', () => {
  const at = (committedAtMs: number) => {
    const e = event(row({ workPhone: null, dateOfBirth: '2026-06-01' }));
    return normalizePatient({ ...e, source: { ...e.source, sourceCommittedAtMs: committedAtMs } }, ctx);
  };
  const before = at(Date.UTC(2026, 0, 1));
  const after = at(Date.UTC(2026, 11, 1));
  assert.ok(before.kind === 'normalized' && after.kind === 'normalized');
  if (before.kind !== 'normalized' || after.kind !== 'normalized') return;
  assert.equal(before.event.patient?.dateOfBirth, null);
  assert.deepEqual(before.issues.map((i) => [i.rule, i.field, i.before]), [['DATE_FUTURE', 'dateOfBirth', 'date after the source commit']]);
  assert.equal(after.event.patient?.dateOfBirth, '2026-06-01');
});

test('sentinel birth dates are nulled with an issue that does not quote the PHI field', () => {
  for (const sentinel of ['1900-01-01', '0001-01-01', '9999-12-31']) {
    const result = normalizePatient(event(row({ workPhone: null, dateOfBirth: sentinel })), ctx);
    assert.ok(result.kind === 'normalized');
    if (result.kind !== 'normalized') return;
    assert.equal(result.event.patient?.dateOfBirth, null);
    const issue = result.issues.find((i) => i.field === 'dateOfBirth')!;
    assert.deepEqual([issue.rule, issue.action, issue.after], ['DATE_SENTINEL', 'NULLED', 'null']);
    assert.ok(!JSON.stringify(issue).includes(sentinel), sentinel);
  }
});

test('SSN: dropped by default, an HMAC token when tokenising; never the SSN itself', () => {
  const withSsn = event(row({ workPhone: null, ssn: '123-45-6789' }));
  const dropped = normalizePatient(withSsn, ctx);
  assert.ok(dropped.kind === 'normalized');
  if (dropped.kind !== 'normalized') return;
  assert.equal(dropped.event.ssnToken, null);
  assert.deepEqual(dropped.issues.map((i) => [i.rule, i.action]), [['EXCLUDED_FIELD_DROPPED', 'DROPPED']]);
  const tokenise = hmacToken('a-secret-of-sixteen+');
  const tokenised = normalizePatient(withSsn, { ...ctx, ssn: 'tokenise', tokenise });
  assert.ok(tokenised.kind === 'normalized');
  if (tokenised.kind !== 'normalized') return;
  assert.equal(tokenised.event.ssnToken, tokenise('123456789'));
  assert.match(tokenised.event.ssnToken ?? '', /^[0-9a-f]{64}$/);
  assert.notEqual(tokenise('123456789'), hmacToken('another-secret-1234')('123456789'));
  assert.ok(!JSON.stringify(tokenised).includes('6789'));
  assert.deepEqual(tokenised.issues.map((i) => [i.rule, i.action]), [['SSN_TOKENISED', 'TOKENISED']]);
});

test('SSN tokenised at extraction: the extractor\'s ssnToken is carried to PatientNormalized.ssnToken; anything else there is dropped', () => {
  const token = hmacToken('extractor-secret-0123456789')('123456789');
  const carried = normalizePatient(event(row({ workPhone: null, ssnToken: token })), ctx);
  assert.ok(carried.kind === 'normalized');
  if (carried.kind !== 'normalized') return;
  assert.equal(carried.event.ssnToken, token);
  assert.deepEqual(carried.issues.map((i) => [i.rule, i.action]), [['SSN_TOKENISED', 'TOKENISED']]);
  const forged = normalizePatient(event(row({ workPhone: null, ssnToken: '123-45-6789' })), ctx);
  assert.ok(forged.kind === 'normalized');
  if (forged.kind !== 'normalized') return;
  assert.equal(forged.event.ssnToken, null);
  assert.ok(!JSON.stringify(forged).includes('6789'));
  assert.deepEqual(forged.issues.map((i) => [i.rule, i.field]), [['EXCLUDED_FIELD_DROPPED', 'ssnToken']]);
});

test('insurance carriers go through the synonym list; an unknown one is kept with an INFO issue', () => {
  const cases: Array<[string, string, string[]]> = [
    ['DELTA DENTAL INS.', 'Delta Dental', []], ['MetLife Dental', 'MetLife', []], ['Cigna Dental PPO', 'Cigna', []], ['  uhc ', 'UnitedHealthcare', []],
    ['Acme  Mutual', 'Acme Mutual', ['CARRIER_UNKNOWN']],
  ];
  for (const [raw, expected, rules] of cases) {
    const result = normalizePatient(event(row({ workPhone: null, insuranceCarrier: raw })), ctx);
    assert.ok(result.kind === 'normalized');
    if (result.kind !== 'normalized') return;
    assert.equal(result.event.insuranceCarrier, expected, raw);
    assert.deepEqual(result.issues.map((i) => i.rule), rules, raw);
  }
});

test('the guarantor: name and relation tidied into one value beside the patient; null when the source names neither, and for a delete', () => {
  const cases: Array<[string | null, string | null, { name: string | null; relation: string | null } | null]> = [
    ['  JOHN   O\'BRIEN ', 'SPOUSE', { name: "John O'Brien", relation: 'Spouse' }],
    ['Mary McDonald', 'Self', { name: 'Mary McDonald', relation: 'Self' }],
    [null, 'parent', { name: null, relation: 'Parent' }],
    ['Ann Lee', '  ', { name: 'Ann Lee', relation: null }],
    ['   ', null, null],
  ];
  for (const [name, relation, expected] of cases) {
    const result = normalizePatient(event(row({ workPhone: null, guarantorName: name, guarantorRelation: relation })), ctx);
    assert.ok(result.kind === 'normalized');
    if (result.kind !== 'normalized') return;
    assert.deepEqual(result.event.guarantor, expected, String(name));
    assert.deepEqual(result.issues, [], String(name));
  }
  const deleted = normalizePatient(event(null, 'DELETE'), ctx);
  assert.equal(deleted.kind === 'normalized' ? deleted.event.guarantor : 'rejected', null);
});

test('an over-long guarantor name (a CSV export has no column limit) overflows to a note; the issue gives its length, never the name', () => {
  const long = `Bartholomew ${'Quixotewright-'.repeat(10)}Smith`;
  assert.ok(long.length > 120);
  const result = normalizePatient(event(row({ workPhone: null, guarantorName: long, guarantorRelation: 'Parent' })), ctx);
  assert.ok(result.kind === 'normalized');
  if (result.kind !== 'normalized') return;
  assert.equal([...(result.event.guarantor?.name ?? '')].length, 120);
  assert.equal(result.event.guarantor?.relation, 'Parent');
  assert.deepEqual(result.overflow, [{ field: 'guarantorName', value: long }]);
  assert.deepEqual(result.issues.map((i) => [i.rule, i.field, i.before]), [['VALUE_TOO_LONG_MOVED_TO_NOTE', 'guarantorName', `${long.length} chars`]]);
  assert.ok(!JSON.stringify([result.issues, result.event.issues]).includes('Bartholomew'));
});

test('an over-long first name: a marked short value plus an overflow note, or truncated with an issue; never a silent cut', () => {
  const long = 'Maximiliana-Josephina-Theodora-Wilhelmina';
  assert.ok(long.length > 40);
  const noted = normalizePatient(event(row({ workPhone: null, firstName: long })), ctx);
  assert.ok(noted.kind === 'normalized');
  if (noted.kind !== 'normalized') return;
  assert.equal([...(noted.event.patient?.firstName ?? '')].length, 40);
  assert.ok(noted.event.patient?.firstName?.endsWith('(full text in a note)'));
  assert.deepEqual(noted.overflow, [{ field: 'firstName', value: long }]);
  assert.deepEqual(noted.issues.map((i) => [i.rule, i.action, i.before]), [['VALUE_TOO_LONG_MOVED_TO_NOTE', 'MOVED_TO_NOTE', `${long.length} chars`]]);
  const cut = normalizePatient(event(row({ workPhone: null, firstName: long })), { ...ctx, overlong: 'truncate' });
  assert.ok(cut.kind === 'normalized');
  if (cut.kind !== 'normalized') return;
  assert.equal(cut.event.patient?.firstName, long.slice(0, 40));
  assert.deepEqual(cut.overflow, []);
  assert.deepEqual(cut.issues.map((i) => [i.rule, i.action]), [['VALUE_TOO_LONG_TRUNCATED', 'TRUNCATED']]);
  assert.ok(!JSON.stringify([noted.issues, cut.issues]).includes('Maximiliana'));
});

test('the primary provider becomes a provider record key (the writer maps it to the Contact owner)', () => {
  const withProvider = normalizePatient(event(row({ providerId: 3 })), ctx);
  assert.equal(withProvider.kind === 'normalized' ? withProvider.event.patient?.primaryProviderKey : 'rejected', 'LOC01:provider:3');
  const without = normalizePatient(event(row()), ctx);
  assert.equal(without.kind === 'normalized' ? without.event.patient?.primaryProviderKey : 'rejected', null);
});
