import type { CountryCode } from 'libphonenumber-js';
import type { DataQualityIssue, EventFields, NormalizedPatient, PatientNormalized, SourceRecordChanged } from '@panda2zoho/events';
import { normalizeEmail, normalizePhone } from './normalize-contact-points.ts';
import { normalizeBirthDate, wallClockToIso } from './normalize-date.ts';
import { normalizeName } from './normalize-name.ts';

export type MissingLastNamePolicy = 'dead-letter' | 'placeholder';

export interface NormalizeContext {
  timeZone: string;
  defaultCountry: CountryCode;
  missingLastName: MissingLastNamePolicy;
  /** Today's date in the practice's zone (YYYY-MM-DD): the clock comes in, never read inside. */
  today: string;
}

export type NormalizeResult =
  | { kind: 'normalized'; event: PatientNormalized }
  | { kind: 'rejected'; code: string; reason: string };

export const LAST_NAME_PLACEHOLDER = '(unknown)';

function trimmed(value: string | null): string | null {
  const t = value?.trim();
  return t ? t : null;
}

/** A canonical field as text (numbers and booleans as their text), null when absent or binary. */
function textOf(fields: EventFields, field: string): string | null {
  const value = fields[field];
  if (value === null || value === undefined || typeof value === 'object') return null;
  return String(value);
}

/** Canonical patient source event → Zoho-ready values plus data-quality issues. Pure. Issues name fields, never values. */
export function normalizePatient(input: SourceRecordChanged, ctx: NormalizeContext): NormalizeResult {
  const base = { eventId: input.eventId, source: input.source, operation: input.operation };
  const fields = input.fields;
  if (fields === null) return { kind: 'normalized', event: { ...base, patient: null, issues: [] } };
  const field = (name: string) => textOf(fields, name);
  const row = {
    patientId: input.source.sourceKey,
    chartNumber: field('chartNumber'),
    firstName: field('firstName'),
    middleName: field('middleName'),
    lastName: field('lastName'),
    preferredName: field('preferredName'),
    dateOfBirth: field('dateOfBirth'),
    sex: field('sex'),
    email: field('email'),
    homePhone: field('homePhone'),
    mobilePhone: field('mobilePhone'),
    workPhone: field('workPhone'),
    addressLine1: field('addressLine1'),
    addressLine2: field('addressLine2'),
    city: field('city'),
    state: field('state'),
    postalCode: field('postalCode'),
    country: field('country'),
    status: field('status'),
    createdAt: field('createdAt'),
    modifiedAt: field('modifiedAt'),
  };

  const issues: DataQualityIssue[] = [];
  const issue = (code: string, field: string, message: string) => issues.push({ code, field, message });

  let lastName = normalizeName(row.lastName);
  if (lastName === null && input.operation === 'UPSERT') {
    if (ctx.missingLastName === 'dead-letter') {
      return { kind: 'rejected', code: 'MANDATORY_LAST_NAME_MISSING', reason: 'lastName is empty and Zoho requires Last_Name' };
    }
    lastName = LAST_NAME_PLACEHOLDER;
    issue('MANDATORY_PLACEHOLDER', 'lastName', 'empty last name replaced by a placeholder');
  }
  const dob = normalizeBirthDate(row.dateOfBirth, ctx.today);
  if (dob.problem) issue(dob.problem, 'dateOfBirth', 'birth date dropped');
  const email = normalizeEmail(row.email);
  if (email.invalid) issue('INVALID_EMAIL', 'email', 'e-mail address not valid; dropped');
  const phone = (field: 'homePhone' | 'mobilePhone' | 'workPhone') => {
    const result = normalizePhone(row[field], ctx.defaultCountry);
    if (result.invalid) issue('INVALID_PHONE', field, 'phone number not valid; dropped');
    return result.value;
  };

  const patient: NormalizedPatient = {
    patientId: row.patientId,
    chartNumber: trimmed(row.chartNumber),
    firstName: normalizeName(row.firstName),
    middleName: normalizeName(row.middleName),
    lastName,
    preferredName: normalizeName(row.preferredName),
    dateOfBirth: dob.value,
    sex: trimmed(row.sex)?.toUpperCase() ?? null,
    email: email.value,
    homePhoneE164: phone('homePhone'),
    mobilePhoneE164: phone('mobilePhone'),
    workPhoneE164: phone('workPhone'),
    addressLine1: trimmed(row.addressLine1),
    addressLine2: trimmed(row.addressLine2),
    city: normalizeName(row.city),
    state: trimmed(row.state)?.toUpperCase() ?? null,
    postalCode: trimmed(row.postalCode),
    country: trimmed(row.country),
    status: trimmed(row.status),
    sourceCreatedAt: wallClockToIso(row.createdAt, ctx.timeZone),
    sourceModifiedAt: wallClockToIso(row.modifiedAt, ctx.timeZone),
  };
  return { kind: 'normalized', event: { ...base, patient, issues } };
}
