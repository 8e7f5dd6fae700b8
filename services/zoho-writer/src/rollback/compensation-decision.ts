import type { ZohoCompensationPlanned } from '@panda2zoho/events';

/** What the writer does for one compensation, given the record as Zoho holds it now (null: not there). */
export type CompensationDecision =
  | { kind: 'delete' }
  | { kind: 'restore'; record: Record<string, unknown> }
  /** Nothing to delete: gone already (a previous try, a person, the parent's delete). Counts as done. */
  | { kind: 'already-gone' }
  /** Every field already holds its before-image value (a repeated restore). Counts as done. */
  | { kind: 'already-restored' }
  /** A pre-existing record deleted in Zoho since: it cannot be restored. Reported. */
  | { kind: 'restore-target-gone' }
  /** Someone changed the record in Zoho after the migration wrote it: skipped unless forced. Names the field, never its value. */
  | { kind: 'changed-since-migration'; field: string };

const DATE = /^\d{4}-\d{2}-\d{2}/;

/** A Zoho value as the ledger encodes it: a lookup as its id; absent as null. */
function plain(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { id?: unknown }).id === 'string') return (value as { id: string }).id;
  return value;
}

const empty = (v: unknown) => v === null || v === '' || (Array.isArray(v) && v.length === 0);

/**
 * The same value as Zoho renders it back: numbers as numbers or strings, times with or without
 * milliseconds, a multi-select in any order, text trimmed. Anything else counts as a change.
 */
export function sameValue(encoded: string, current: unknown): boolean {
  const sent = plain(JSON.parse(encoded) as unknown);
  const now = plain(current);
  if (empty(sent) || empty(now)) return empty(sent) && empty(now);
  if (Array.isArray(sent) && Array.isArray(now)) return JSON.stringify([...sent].map(String).sort()) === JSON.stringify([...now].map(String).sort());
  if (typeof sent === 'object' || typeof now === 'object') return JSON.stringify(sent) === JSON.stringify(now);
  const a = String(sent).trim();
  const b = String(now).trim();
  if (a === b) return true;
  if (a !== '' && b !== '' && Number.isFinite(Number(a)) && Number.isFinite(Number(b))) return Number(a) === Number(b);
  if (DATE.test(a) && DATE.test(b)) {
    const ta = Date.parse(a);
    const tb = Date.parse(b);
    // Zoho keeps seconds: a time sent with milliseconds comes back without them.
    return Number.isFinite(ta) && Number.isFinite(tb) && Math.floor(ta / 1000) === Math.floor(tb / 1000);
  }
  return false;
}

function firstDifference(expected: Record<string, string>, current: Record<string, unknown>): string | null {
  for (const [field, value] of Object.entries(expected)) if (!sameValue(value, current[field])) return field;
  return null;
}

/** The fields a compensation reads before it acts. */
export function fieldsToRead(c: ZohoCompensationPlanned): string[] {
  return [...new Set([...Object.keys(c.expectedFields), ...Object.keys(c.restoreFields)])];
}

/**
 * Safest behaviour for a record changed in Zoho after the migration wrote it: neither deleted nor
 * restored (that would destroy someone's work) unless the operator forces it; it is reported as skipped.
 */
export function decideCompensation(c: ZohoCompensationPlanned, current: Record<string, unknown> | null): CompensationDecision {
  if (c.action === 'DELETE') {
    if (current === null) return { kind: 'already-gone' };
    const changed = c.force ? null : firstDifference(c.expectedFields, current);
    return changed === null ? { kind: 'delete' } : { kind: 'changed-since-migration', field: changed };
  }
  if (current === null) return { kind: 'restore-target-gone' };
  if (firstDifference(c.restoreFields, current) === null) return { kind: 'already-restored' };
  const changed = c.force ? null : firstDifference(c.expectedFields, current);
  if (changed !== null) return { kind: 'changed-since-migration', field: changed };
  return { kind: 'restore', record: Object.fromEntries(Object.entries(c.restoreFields).map(([f, v]) => [f, JSON.parse(v) as unknown])) };
}
