import type { NormalizedPatient } from '@panda2zoho/events';
import { EXTERNAL_ID_FIELD } from './contact-mapping.ts';

/** One Contacts search (GET /crm/v8/Contacts/search?<param>=<value>), in the order they are tried. */
export interface ContactSearch {
  rule: 'email' | 'phone' | 'name-dob';
  param: 'email' | 'phone' | 'criteria';
  value: string;
}

/** Zoho criteria values escape `(`, `)`, `,` and `\` with a backslash. */
function escapeCriteria(value: string): string {
  return value.replace(/[\\(),]/g, (c) => `\\${c}`);
}

/**
 * How a Contact that existed before the migration is found: e-mail, then mobile/phone (each in E.164
 * and in its display form, as the migration writes it and as people tend to type it), then name + date
 * of birth. Pure.
 */
export function contactSearches(p: NormalizedPatient): ContactSearch[] {
  const searches: ContactSearch[] = [];
  if (p.email) searches.push({ rule: 'email', param: 'email', value: p.email });
  const phones = [[p.mobilePhoneE164, p.mobilePhoneDisplay], [p.homePhoneE164, p.homePhoneDisplay], [p.workPhoneE164, p.workPhoneDisplay]].flat();
  for (const phone of phones) {
    if (phone && !searches.some((s) => s.value === phone)) searches.push({ rule: 'phone', param: 'phone', value: phone });
  }
  if (p.lastName && p.firstName && p.dateOfBirth) {
    const c = (field: string, v: string) => `(${field}:equals:${escapeCriteria(v)})`;
    searches.push({ rule: 'name-dob', param: 'criteria', value: `(${c('Last_Name', p.lastName)}and${c('First_Name', p.firstName)}and${c('Date_of_Birth', p.dateOfBirth)})` });
  }
  return searches;
}

/** A search hit qualifies when exactly one Contact matched and the migration did not create it. */
export function preExistingMatch(hits: Array<Record<string, unknown>>): Record<string, unknown> | null {
  const candidates = hits.filter((h) => h[EXTERNAL_ID_FIELD] === null || h[EXTERNAL_ID_FIELD] === undefined || h[EXTERNAL_ID_FIELD] === '');
  return candidates.length === 1 && hits.length === 1 ? candidates[0]! : null;
}

function comparable(v: unknown): string {
  const idOnly = typeof v === 'object' && v !== null && !Array.isArray(v) && 'id' in v ? (v as { id: unknown }).id : v;
  return JSON.stringify(idOnly ?? null);
}

/**
 * The update of a pre-existing Contact: only non-empty migrated values are sent (the practice's own
 * data is never blanked), only those that differ, and the before-image holds every such field's
 * current value (JSON-encoded) so rollback can restore it. Pure.
 */
export function updateOfExisting(existing: Record<string, unknown>, desired: Record<string, unknown>): { changes: Record<string, unknown>; beforeImage: Record<string, string> } {
  const changes: Record<string, unknown> = {};
  const beforeImage: Record<string, string> = {};
  for (const [field, value] of Object.entries(desired)) {
    if (value === null || value === undefined) continue;
    if (comparable(existing[field]) === comparable(value)) continue;
    changes[field] = value;
    beforeImage[field] = comparable(existing[field]);
  }
  return { changes, beforeImage };
}
