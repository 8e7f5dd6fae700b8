import type { PatientNormalized } from '@panda2zoho/events';
import { generatePractice, practiceTruth, type PracticeSpec } from '@panda2zoho/synthetic-practice';

/**
 * PatientNormalized events from a generated practice, through a local stand-in for the normalizer
 * (services share no code): it does to names, phones, e-mails and dates what the pipeline does.
 */
export function nullIfBlank(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim().replace(/\s+/g, ' ') : null;
}

export function phoneE164(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const digits = (value.split(/x|ext/i)[0] ?? '').replace(/\D/g, '');
  const national = digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
  return national.length === 10 ? `+1${national}` : null;
}

export function email(value: unknown): string | null {
  const trimmed = nullIfBlank(value)?.toLowerCase() ?? null;
  return trimmed !== null && /^[^\s@]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(trimmed) ? trimmed : null;
}

export function generatedPatientEvents(spec: PracticeSpec): PatientNormalized[] {
  const events: PatientNormalized[] = [];
  for (const row of generatePractice(spec)) {
    if (row.table.entity !== 'patient' || row.after === null) continue;
    const p = row.after;
    const sourceKey = String(p['patientId']);
    events.push({
      eventId: `gen-${row.database}-${sourceKey}`,
      source: { sourceSystem: 'DEBEZIUM_CDC', locationId: row.database, sourceTable: 'Patients', sourceKey, sourcePosition: `gen:${sourceKey}`, sourceCommittedAtMs: null },
      operation: 'UPSERT',
      patient: {
        patientId: sourceKey, chartNumber: null, firstName: nullIfBlank(p['firstName']), middleName: null, lastName: nullIfBlank(p['lastName']),
        preferredName: null, dateOfBirth: nullIfBlank(p['dateOfBirth']), sex: null, email: email(p['email']),
        homePhoneE164: phoneE164(p['homePhone']), mobilePhoneE164: phoneE164(p['mobilePhone']), workPhoneE164: phoneE164(p['workPhone']),
        addressLine1: null, addressLine2: null, city: null, state: null, postalCode: null, country: null, status: null,
        sourceCreatedAt: null, sourceModifiedAt: null, homePhoneDisplay: null, mobilePhoneDisplay: null, workPhoneDisplay: null, primaryProviderKey: null,
      },
      issues: [],
      insuranceCarrier: null,
      guarantor: null,
      ssnToken: null,
    });
  }
  return events;
}

function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

/** Every pair of record keys (`<locationId>:patient:<sourceKey>`) inside each group. */
export function samePersonPairs(groups: Iterable<readonly string[]>): Set<string> {
  const pairs = new Set<string>();
  for (const members of groups) for (let i = 0; i < members.length; i++) for (let j = i + 1; j < members.length; j++) pairs.add(pairKey(members[i]!, members[j]!));
  return pairs;
}

/** The generator's ground truth as same-person pairs of record keys. */
export function truthPairs(spec: PracticeSpec): Set<string> {
  const byPerson = new Map<string, string[]>();
  for (const t of practiceTruth(spec)) byPerson.set(t.personId, [...(byPerson.get(t.personId) ?? []), `${t.database}:patient:${t.patientId}`]);
  return samePersonPairs(byPerson.values());
}
