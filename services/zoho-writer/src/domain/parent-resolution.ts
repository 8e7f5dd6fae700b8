import type { RecordNormalized } from '@panda2zoho/events';
import type { IdIndex, IndexedRecord } from './id-index.ts';
import type { EntityTarget } from './record-mapping.ts';

export type ParentResolution =
  | { kind: 'ready'; parents: Map<string, { module: string; id: string }>; main: IndexedRecord | null }
  /** A parent is not in Zoho yet: park the record. */
  | { kind: 'wait'; role: string; parentKey: string }
  /** The event names no parent where one is required: it can never be written. */
  | { kind: 'invalid'; role: string };

/** Optional lookups: a referring dentist without a practice is still a Contact; a letter without a known dentist still a note. */
const OPTIONAL_ROLES = new Set(['practice', 'referrer']);

/**
 * The Zoho ids a record's lookups need. A patient parent is found through the Contact whose
 * PatientResolved members contain the child's patient recordKey; any other parent by its recordKey, or
 * through the golden record it was merged into (`mergedFrom`). Pure.
 */
export function resolveParents(event: RecordNormalized, target: EntityTarget, index: IdIndex): ParentResolution {
  const parents = new Map<string, { module: string; id: string }>();
  let main: IndexedRecord | null = null;
  for (const role of target.lookupRoles) {
    const ref = event.parents.find((p) => p.role === role);
    if (!ref) {
      if (OPTIONAL_ROLES.has(role)) continue;
      return { kind: 'invalid', role };
    }
    const found = ref.entity === 'patient' ? index.contactOfMember(ref.recordKey) : (index.get(ref.recordKey) ?? index.contactOfMember(ref.recordKey));
    if (!found) return { kind: 'wait', role, parentKey: ref.recordKey };
    parents.set(role, { module: found.module, id: found.zohoId });
    main ??= found;
  }
  return { kind: 'ready', parents, main };
}
