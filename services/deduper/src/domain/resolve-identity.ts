import { createHmac } from 'node:crypto';
import type { PatientNormalized, PatientResolved } from '@panda2zoho/events';

/**
 * The walking skeleton's identity rule: the same last name, first name and birth date at any location
 * is the same person (one Zoho Contact). Without all three, a row is its own person. Fuzzy matching
 * and a review queue come with the deduper issue.
 *
 * The contact key is an HMAC with a per-migration secret, not a plain hash: name + birth date has
 * too little entropy, and the key is stored in Zoho and in Kafka.
 */
export interface IdentityContext {
  secret: string;
}

function fold(value: string): string {
  return value.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]/g, '');
}

function keyed(secret: string, material: string): string {
  return createHmac('sha256', secret).update(material).digest('base64url').slice(0, 24);
}

export function resolveIdentity(event: PatientNormalized, ctx: IdentityContext): PatientResolved {
  const p = event.patient;
  const exact = p && p.lastName && p.firstName && p.dateOfBirth ? `${fold(p.lastName)}|${fold(p.firstName)}|${p.dateOfBirth}` : null;
  const contactKey =
    exact !== null ? `pt_${keyed(ctx.secret, exact)}` : `src_${keyed(ctx.secret, `${event.source.locationId}|${event.source.sourceKey}`)}`;
  return {
    eventId: event.eventId,
    contactKey,
    matchRule: exact !== null ? 'exact-name-dob' : 'source-key',
    source: event.source,
    operation: event.operation,
    patient: event.patient,
    members: [{ recordKey: `${event.source.locationId}:patient:${event.source.sourceKey}`, locationId: event.source.locationId, sourceKey: event.source.sourceKey }],
    issues: event.issues,
  };
}
