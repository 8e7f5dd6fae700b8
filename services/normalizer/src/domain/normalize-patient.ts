import type { NormalizedPatient, PatientGuarantor, PatientNormalized, SourceRecordChanged } from '@panda2zoho/events';
import { dropExcluded } from './excluded-fields.ts';
import { normalizeCarrier } from './insurance-carrier.ts';
import { localDateOf, normalizeBirthDate } from './normalize-date.ts';
import { PLACEHOLDER, type NormalizeContext } from './normalize-context.ts';
import type { QualityIssue } from './quality-issue.ts';
import { recordKeyOf, RowReader } from './row-reader.ts';
import { applyLengthRules, type OverflowValue } from './zoho-field-rules.ts';

export { PLACEHOLDER as LAST_NAME_PLACEHOLDER } from './normalize-context.ts';

export type PatientResult =
  | { kind: 'normalized'; event: PatientNormalized; issues: readonly QualityIssue[]; overflow: readonly OverflowValue[] }
  | { kind: 'rejected'; code: string; reason: string };

/** The date a birth date must not follow: the practice-local day the row was committed (replay-stable, no clock). */
function referenceDate(input: SourceRecordChanged, timeZone: string): string {
  return localDateOf(input.source.sourceCommittedAtMs ?? input.extractedAtMs, timeZone);
}

/** The patient's primary provider (Patients.ProviderID) as the provider's record key; the writer maps it to the Contact owner. */
function providerKey(r: RowReader): string | null {
  const id = r.long('providerId') ?? r.text('providerId');
  return id === null ? null : recordKeyOf(r.input.source.locationId, 'provider', String(id));
}

/** The guarantor as one fact (name and relation survive dedupe together); null when the source names neither. */
function guarantorOf(name: string | null, relation: string | null): PatientGuarantor | null {
  return name === null && relation === null ? null : { name, relation };
}

const HMAC_HEX = /^[0-9a-f]{64}$/;

/**
 * The SSN's token: the extractor's (`ssnToken`, EXTRACTOR_SSN=tokenise: the SSN never reached Kafka),
 * else — for an input that forwards the raw `ssn` — tokenised here under NORMALIZER_SSN=tokenise or
 * dropped. Never the SSN itself; anything in `ssnToken` that is not an HMAC is dropped too.
 */
function ssnToken(r: RowReader): string | null {
  const extracted = r.text('ssnToken');
  if (extracted !== null && HMAC_HEX.test(extracted)) {
    r.issues.add({ field: 'ssn', rule: 'SSN_TOKENISED', severity: 'INFO', action: 'TOKENISED', before: 'SSN', after: 'HMAC token', message: 'SSN replaced by an HMAC token at extraction (EXTRACTOR_SSN=tokenise)' });
    return extracted;
  }
  if (extracted !== null) {
    r.issues.add({ field: 'ssnToken', rule: 'EXCLUDED_FIELD_DROPPED', severity: 'WARNING', action: 'DROPPED', before: 'not an HMAC token', after: 'null', message: 'ssnToken is not an HMAC-SHA256 token; dropped (an SSN is never passed on)' });
  }
  const raw = r.text('ssn');
  if (raw === null) return null;
  if (r.ctx.ssn === 'tokenise' && r.ctx.tokenise) {
    r.issues.add({ field: 'ssn', rule: 'SSN_TOKENISED', severity: 'INFO', action: 'TOKENISED', before: 'SSN', after: 'HMAC token', message: 'SSN replaced by an HMAC token (NORMALIZER_SSN=tokenise)' });
    return r.ctx.tokenise(raw.replace(/\D/g, ''));
  }
  r.issues.add({ field: 'ssn', rule: 'EXCLUDED_FIELD_DROPPED', severity: 'INFO', action: 'DROPPED', before: 'SSN', after: 'null', message: 'outside the migration purpose (minimum necessary); dropped' });
  return null;
}

/** Canonical patient source event → Zoho-ready values plus data-quality issues. Pure. Issues describe PHI by shape, never by value. */
export function normalizePatient(input: SourceRecordChanged, ctx: NormalizeContext): PatientResult {
  const base = { eventId: input.eventId, source: input.source, operation: input.operation };
  if (input.fields === null) return { kind: 'normalized', event: { ...base, patient: null, insuranceCarrier: null, guarantor: null, ssnToken: null, issues: [] }, issues: [], overflow: [] };
  const r = new RowReader(input, ctx);

  let lastName = r.name('lastName');
  if (lastName === null && input.operation === 'UPSERT') {
    if (ctx.missingLastName === 'dead-letter') {
      return { kind: 'rejected', code: 'MANDATORY_LAST_NAME_MISSING', reason: 'lastName is empty and Zoho requires Last_Name (NORMALIZER_MISSING_LAST_NAME=dead-letter)' };
    }
    lastName = PLACEHOLDER;
    r.issues.add({ field: 'lastName', rule: 'LAST_NAME_PLACEHOLDER', severity: 'WARNING', action: 'PLACEHOLDER', before: 'empty', after: PLACEHOLDER, message: `empty last name (mandatory in Zoho) replaced by "${PLACEHOLDER}"` });
  }
  const dob = normalizeBirthDate(r.raw('dateOfBirth'), referenceDate(input, ctx.timeZone));
  if (dob.problem) r.dateIssue('dateOfBirth', dob.problem, r.raw('dateOfBirth'), true);
  const carrier = normalizeCarrier(r.raw('insuranceCarrier'), ctx.carriers);
  if (carrier.value !== null && !carrier.matched) {
    r.issues.add({ field: 'insuranceCarrier', rule: 'CARRIER_UNKNOWN', severity: 'INFO', action: 'KEPT', before: `"${carrier.value}"`, after: `"${carrier.value}"`, message: 'carrier name not in the synonym list; kept as written' });
  }
  const token = ssnToken(r);
  dropExcluded(r, ['ssn']);

  const candidate = {
    chartNumber: r.text('chartNumber'),
    firstName: r.name('firstName'),
    middleName: r.name('middleName'),
    lastName,
    preferredName: r.name('preferredName'),
    email: r.email('email'),
    addressLine1: r.tidy('addressLine1'),
    addressLine2: r.tidy('addressLine2'),
    city: r.name('city'),
    state: r.upperCode('state'),
    postalCode: r.text('postalCode'),
    country: r.text('country'),
    insuranceCarrier: carrier.value,
    guarantorName: r.name('guarantorName'),
    guarantorRelation: r.name('guarantorRelation'),
  };
  const home = r.phoneWithDisplay('homePhone', 'homePhone');
  const mobile = r.phoneWithDisplay('mobilePhone', 'mobilePhone');
  const work = r.phoneWithDisplay('workPhone', 'workPhone');
  const { fields, overflow } = applyLengthRules('patient', candidate, ctx.overlong, r.issues);
  const text = (name: keyof typeof candidate) => fields[name] as string | null;
  const patient: NormalizedPatient = {
    patientId: input.source.sourceKey,
    chartNumber: text('chartNumber'),
    firstName: text('firstName'),
    middleName: text('middleName'),
    lastName: text('lastName'),
    preferredName: text('preferredName'),
    dateOfBirth: dob.value,
    sex: r.upperCode('sex'),
    email: text('email'),
    homePhoneE164: home.e164,
    mobilePhoneE164: mobile.e164,
    workPhoneE164: work.e164,
    addressLine1: text('addressLine1'),
    addressLine2: text('addressLine2'),
    city: text('city'),
    state: text('state'),
    postalCode: text('postalCode'),
    country: text('country'),
    status: r.tidy('status'),
    sourceCreatedAt: r.dateTime('createdAt', 'sourceCreatedAt'),
    sourceModifiedAt: r.dateTime('modifiedAt', 'sourceModifiedAt'),
    homePhoneDisplay: home.display,
    mobilePhoneDisplay: mobile.display,
    workPhoneDisplay: work.display,
    primaryProviderKey: providerKey(r),
  };
  const issues = r.issues.issues;
  const event: PatientNormalized = {
    ...base, patient, insuranceCarrier: text('insuranceCarrier'), guarantor: guarantorOf(text('guarantorName'), text('guarantorRelation')), ssnToken: token,
    issues: issues.map((i) => ({ code: i.rule, field: i.field, message: i.message })),
  };
  return { kind: 'normalized', event, issues, overflow };
}

/** HMAC-SHA256 (hex) of a value under a secret: the SSN token (the extractor's, packages/panda-model). */
export { hmacToken } from '@panda2zoho/panda-model';
