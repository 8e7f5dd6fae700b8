import { stableEventId, type DataQualityIssueRaised, type PatientResolved, type RecordNormalized } from '@panda2zoho/events';
import { ownerFor, type OwnerAssignment } from '@panda2zoho/mapping';

/**
 * Who owns a record in Zoho: the user the confirmed owner map gives its provider (a patient's primary
 * provider; a chart's, plan's or note's provider), else the map's default owner. A provider the map
 * has no user for gets the default owner and an issue naming the provider (a record key, no PHI):
 * never a silent reassignment. Without an owner map nothing is sent (Zoho's default: the API user).
 */
export interface RecordOwner {
  owner: { id: string } | null;
  issue: DataQualityIssueRaised | null;
}

export function providerOf(event: { kind: 'patient'; event: PatientResolved } | { kind: 'record'; event: RecordNormalized }): string | null {
  if (event.kind === 'patient') return event.event.patient?.primaryProviderKey ?? null;
  return event.event.parents.find((p) => p.role === 'provider')?.recordKey ?? null;
}

export function recordOwner(
  assignment: OwnerAssignment | null,
  providerKey: string | null,
  record: { entity: string; recordKey: string; locationId: string; eventId: string },
): RecordOwner {
  if (!assignment) return { owner: null, issue: null };
  const decision = ownerFor(assignment, providerKey);
  if (decision.unmappedProvider === null) return { owner: { id: decision.userId }, issue: null };
  return {
    owner: { id: decision.userId },
    issue: {
      // Once per record and provider: a later change of the same record re-raises the same issue (counted once).
      eventId: stableEventId('owner-unmapped', record.recordKey, decision.unmappedProvider),
      entity: record.entity,
      recordKey: record.recordKey,
      locationId: record.locationId,
      field: 'Owner',
      rule: 'OWNER_PROVIDER_UNMAPPED',
      severity: 'WARNING',
      action: 'DEFAULTED',
      before: decision.unmappedProvider,
      after: decision.userId,
      message: `provider ${decision.unmappedProvider} has no Zoho user in the confirmed owner map: the record is owned by the default owner (add the provider to owners.providers and confirm the map)`,
      producer: 'zoho-writer',
      sourceEventId: record.eventId,
    },
  };
}
