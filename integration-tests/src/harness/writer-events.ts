import { stableEventId, type NormalizedPatient, type ParentRef, type PatientResolved, type RecordNormalized } from '@panda2zoho/events';

let sequence = 0;

function sourceRef(locationId: string, table: string, sourceKey: string) {
  sequence++;
  return { sourceSystem: 'DEBEZIUM_CDC' as const, locationId, sourceTable: table, sourceKey, sourcePosition: String(sequence), sourceCommittedAtMs: null };
}

export function patientEvent(
  contactKey: string,
  members: Array<{ locationId: string; sourceKey: string }>,
  over: Partial<NormalizedPatient> | null,
  top: Pick<Partial<PatientResolved>, 'insuranceCarrier' | 'guarantor'> = {},
): PatientResolved {
  const first = members[0]!;
  const source = sourceRef(first.locationId, 'Patients', first.sourceKey);
  const patient: NormalizedPatient | null =
    over === null
      ? null
      : {
          patientId: first.sourceKey, chartNumber: null, firstName: 'Pat', middleName: null, lastName: `Patient${first.sourceKey}`, preferredName: null,
          dateOfBirth: '1980-05-06', sex: null, email: null, homePhoneE164: null, mobilePhoneE164: null, workPhoneE164: null, addressLine1: null,
          addressLine2: null, city: null, state: null, postalCode: null, country: null, status: 'active',
          sourceCreatedAt: '2018-04-05T10:11:12.345-05:00', sourceModifiedAt: '2024-01-02T03:04:05.000-05:00',
          homePhoneDisplay: null, mobilePhoneDisplay: null, workPhoneDisplay: null, primaryProviderKey: null, ...over,
        };
  return {
    eventId: stableEventId('test-patient', contactKey, source.sourcePosition),
    contactKey,
    matchRule: 'test',
    source,
    operation: over === null ? 'DELETE' : 'UPSERT',
    patient,
    insuranceCarrier: top.insuranceCarrier ?? null,
    guarantor: top.guarantor ?? null,
    members: members.map((m) => ({ recordKey: `${m.locationId}:patient:${m.sourceKey}`, locationId: m.locationId, sourceKey: m.sourceKey })),
    survivorship: [],
    issues: [],
  };
}

export function recordEvent(
  entity: string,
  locationId: string,
  sourceKey: string,
  fields: RecordNormalized['fields'],
  parents: ParentRef[] = [],
): RecordNormalized {
  const source = sourceRef(locationId, entity, sourceKey);
  const recordKey = `${locationId}:${entity}:${sourceKey}`;
  return {
    eventId: stableEventId('test-record', recordKey, source.sourcePosition),
    entity,
    recordKey,
    source,
    operation: fields === null ? 'DELETE' : 'UPSERT',
    mappingVersion: null,
    parents,
    fields,
    mergedFrom: [],
    issues: [],
  };
}

export const patientParent = (locationId: string, sourceKey: string): ParentRef => ({ role: 'patient', entity: 'patient', recordKey: `${locationId}:patient:${sourceKey}` });
