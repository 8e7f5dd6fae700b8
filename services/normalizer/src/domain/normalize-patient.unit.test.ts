import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SourceRecordChanged } from '@panda2zoho/events';
import { normalizeBirthDate, wallClockToIso } from './normalize-date.ts';
import { normalizeName } from './normalize-name.ts';
import { normalizePatient, type NormalizeContext } from './normalize-patient.ts';

const ctx: NormalizeContext = { timeZone: 'America/New_York', defaultCountry: 'US', missingLastName: 'dead-letter', today: '2026-11-25' };

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
    source: { sourceSystem: 'DEBEZIUM_CDC', locationId: 'LOC01', sourceTable: 'dbo.Patients', sourceKey: '17', sourcePosition: 'p', sourceCommittedAtMs: 1 },
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
  assert.equal(p.chartNumber, 'C-17');
  assert.equal(p.state, 'IL');
  assert.equal(p.sourceCreatedAt, '2024-03-05T14:30:00-05:00');
  assert.deepEqual(result.event.issues.map((i) => [i.code, i.field]), [['INVALID_PHONE', 'workPhone']]);
  assert.ok(!JSON.stringify(result.event.issues).includes('n/a'));
});

test('missing last name follows the configured policy', () => {
  const rejected = normalizePatient(event(row({ lastName: '  ' })), ctx);
  assert.equal(rejected.kind, 'rejected');
  const placeheld = normalizePatient(event(row({ lastName: null })), { ...ctx, missingLastName: 'placeholder' });
  assert.equal(placeheld.kind, 'normalized');
  if (placeheld.kind === 'normalized') {
    assert.equal(placeheld.event.patient?.lastName, '(unknown)');
    assert.equal(placeheld.event.issues[0]?.code, 'MANDATORY_PLACEHOLDER');
  }
});

test('a delete passes through with its before-image normalized', () => {
  const result = normalizePatient(event(row(), 'DELETE'), ctx);
  assert.equal(result.kind, 'normalized');
  if (result.kind === 'normalized') assert.equal(result.event.operation, 'DELETE');
});
