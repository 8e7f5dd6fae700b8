/**
 * Survivorship: which member's value a golden record keeps, field by field. The most recent non-empty
 * value wins (by the member's source modified time); a tie — or no modified time on either side — goes
 * to the location listed first in the priority list (unlisted locations after, by id), then to the
 * smaller source key. Pure and order-independent: the members' order does not matter.
 */
export interface SurvivorCandidate<V> {
  recordKey: string;
  locationId: string;
  sourceKey: string;
  /** ISO-8601 with offset, or null when the source did not say. */
  modifiedAt: string | null;
  values: V;
}

export type SurvivalRule = 'only-value' | 'most-recent-non-empty' | 'location-priority';

export interface Survivor {
  field: string;
  recordKey: string;
  rule: SurvivalRule;
}

function modifiedMs(at: string | null): number {
  if (at === null) return Number.NEGATIVE_INFINITY;
  const ms = Date.parse(at);
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms;
}

function priorityOf(locationId: string, priority: readonly string[]): number {
  const index = priority.indexOf(locationId);
  return index === -1 ? priority.length : index;
}

/** Negative when a should win over b. */
export function compareForSurvival(
  a: { locationId: string; sourceKey: string; modifiedAt: string | null },
  b: { locationId: string; sourceKey: string; modifiedAt: string | null },
  priority: readonly string[],
): { order: number; decidedBy: 'time' | 'priority' } {
  const ta = modifiedMs(a.modifiedAt);
  const tb = modifiedMs(b.modifiedAt);
  if (ta !== tb) return { order: tb > ta ? 1 : -1, decidedBy: 'time' };
  const pa = priorityOf(a.locationId, priority);
  const pb = priorityOf(b.locationId, priority);
  if (pa !== pb) return { order: pa - pb, decidedBy: 'priority' };
  const byLocation = a.locationId < b.locationId ? -1 : a.locationId > b.locationId ? 1 : 0;
  if (byLocation !== 0) return { order: byLocation, decidedBy: 'priority' };
  return { order: a.sourceKey < b.sourceKey ? -1 : a.sourceKey > b.sourceKey ? 1 : 0, decidedBy: 'priority' };
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

/**
 * Merges `fields` of the candidates. Returns the golden values (null where every member is empty) and,
 * for each non-empty field, the member it came from and why.
 */
export function surviveFields<V extends Record<string, unknown>>(
  candidates: ReadonlyArray<SurvivorCandidate<V>>,
  fields: ReadonlyArray<keyof V & string>,
  priority: readonly string[],
): { values: Partial<V>; survivors: Survivor[] } {
  const values: Partial<V> = {};
  const survivors: Survivor[] = [];
  for (const field of fields) {
    const holders = candidates.filter((c) => !isEmpty(c.values[field]));
    if (holders.length === 0) {
      values[field] = null as V[typeof field];
      continue;
    }
    let best = holders[0]!;
    let decidedBy: 'time' | 'priority' = 'time';
    for (const other of holders.slice(1)) {
      const cmp = compareForSurvival(other, best, priority);
      if (cmp.order < 0) best = other;
    }
    // Why the winner won against its closest rival: a tie on modified time means the priority list decided.
    for (const other of holders) {
      if (other === best) continue;
      if (compareForSurvival(best, other, priority).decidedBy === 'priority') decidedBy = 'priority';
    }
    values[field] = best.values[field];
    const rule: SurvivalRule = holders.length === 1 ? 'only-value' : decidedBy === 'priority' ? 'location-priority' : 'most-recent-non-empty';
    survivors.push({ field, recordKey: best.recordKey, rule });
  }
  return { values, survivors };
}
