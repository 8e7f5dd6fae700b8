import type { NormalizedPatient, PatientGuarantor, PatientNormalized, PatientResolved, SourceRef } from '@panda2zoho/events';
import { contentHash } from './canonical-json.ts';
import type { IndexedPatient } from './patient-index.ts';
import { surviveFields, type SurvivorCandidate } from './survivorship.ts';

/** Every NormalizedPatient field, in schema order: each survives on its own. */
const PATIENT_FIELDS = [
  'patientId',
  'chartNumber',
  'firstName',
  'middleName',
  'lastName',
  'preferredName',
  'dateOfBirth',
  'sex',
  'email',
  'homePhoneE164',
  'mobilePhoneE164',
  'workPhoneE164',
  'addressLine1',
  'addressLine2',
  'city',
  'state',
  'postalCode',
  'country',
  'status',
  'sourceCreatedAt',
  'sourceModifiedAt',
  'homePhoneDisplay',
  'mobilePhoneDisplay',
  'workPhoneDisplay',
  'primaryProviderKey',
] as const satisfies ReadonlyArray<keyof NormalizedPatient>;

/**
 * Patient facts outside NormalizedPatient (PatientNormalized's top level) that survive like its fields.
 * The guarantor is one value (name and relation together): one member's name never meets another's relation.
 */
const TOP_LEVEL_FIELDS = ['insuranceCarrier', 'guarantor'] as const satisfies ReadonlyArray<keyof PatientNormalized & keyof PatientResolved>;

export type GoldenContent = Omit<PatientResolved, 'eventId'>;

/**
 * The golden record of one cluster: members sorted, the anchor (first) gives the source reference;
 * every field from its surviving member. Nothing here depends on the order the members arrived in.
 */
export function goldenPatient(contactKey: string, members: readonly IndexedPatient[], linkedByOperator: boolean, priority: readonly string[]): GoldenContent {
  const anchor = members[0];
  if (!anchor) throw new Error('a golden record needs at least one member');
  const candidates = members.map((m): SurvivorCandidate<Record<string, unknown>> => ({
    recordKey: m.recordKey,
    locationId: m.event.source.locationId,
    sourceKey: m.event.source.sourceKey,
    modifiedAt: m.event.patient?.sourceModifiedAt ?? null,
    values: { ...(m.event.patient! as unknown as Record<string, unknown>), insuranceCarrier: m.event.insuranceCarrier ?? null, guarantor: m.event.guarantor ?? null },
  }));
  const { values, survivors } = surviveFields<Record<string, unknown>>(candidates, [...PATIENT_FIELDS, ...TOP_LEVEL_FIELDS], priority);
  const patient = Object.fromEntries(PATIENT_FIELDS.map((f) => [f, values[f] ?? null])) as unknown as NormalizedPatient;
  patient.patientId = (values['patientId'] as string | null) ?? anchor.event.source.sourceKey;
  return {
    contactKey,
    matchRule: members.length === 1 ? 'single-record' : linkedByOperator ? 'operator-accepted' : 'fuzzy-match',
    source: anchor.event.source,
    operation: 'UPSERT',
    patient,
    insuranceCarrier: (values['insuranceCarrier'] as string | null | undefined) ?? null,
    guarantor: (values['guarantor'] as PatientGuarantor | null | undefined) ?? null,
    members: members.map((m) => ({ recordKey: m.recordKey, locationId: m.event.source.locationId, sourceKey: m.event.source.sourceKey })),
    survivorship: survivors,
    issues: members.flatMap((m) => m.event.issues),
  };
}

/** A contact with no members left: the writer removes it (per its delete policy). */
export function deletedContact(contactKey: string, lastSource: SourceRef): GoldenContent {
  return { contactKey, matchRule: 'cluster-emptied', source: lastSource, operation: 'DELETE', patient: null, insuranceCarrier: null, guarantor: null, members: [], survivorship: [], issues: [] };
}

/** Hash of what a golden record says (not its id): equal hashes mean nothing to re-emit. */
export function goldenHash(content: GoldenContent | PatientResolved): string {
  const { eventId: _ignored, ...rest } = content as PatientResolved;
  return contentHash(rest);
}
