import type { CutoverBlocker, EntityReconciliation, IssueCount } from '@panda2zoho/events';

/** Lag of one consumer group on one topic: high watermark − committed offset (the reconciler: its in-memory position). */
export interface LagSample {
  stage: string;
  groupId: string;
  topic: string;
  /** The reconciled entity the topic carries, when it carries one. */
  entity: string | null;
  lag: number;
}

export interface ReadinessInputs {
  entities: readonly EntityReconciliation[];
  /** Live source rows per entity that have not reached the deduper's output. */
  unresolved: ReadonlyMap<string, number>;
  lag: readonly LagSample[];
  deadLetters: ReadonlyArray<{ service: string; entity: string; count: number }>;
  issues: readonly IssueCount[];
  zoho: ReadonlyMap<string, { kind: string; code?: string }>;
}

const blocker = (kind: string, entity: string | null, locationId: string | null, detail: string): CutoverBlocker => ({ kind, entity, locationId, detail });

/**
 * Cutover readiness = every stage drained, counts equal, fields equal, no ERROR issue open, no dead
 * letter and no failed write. Each blocker names the entity/location and counts — never a value.
 */
export function cutoverBlockers(inputs: ReadinessInputs): CutoverBlocker[] {
  const out: CutoverBlocker[] = [];
  const waiting = new Map<string, { lag: number; topics: Set<string> }>();
  for (const sample of inputs.lag) {
    if (sample.lag <= 0) continue;
    const row = waiting.get(sample.stage) ?? { lag: 0, topics: new Set<string>() };
    row.lag += sample.lag;
    row.topics.add(sample.topic);
    waiting.set(sample.stage, row);
  }
  for (const [stage, { lag, topics }] of [...waiting].sort(([a], [b]) => a.localeCompare(b))) {
    out.push(blocker('LAG', null, null, `${stage}: lag ${lag} on ${[...topics].sort().join(', ')}`));
  }
  for (const [entity, read] of inputs.zoho) {
    if (read.kind === 'failed') out.push(blocker('READ_BACK', entity, null, `Zoho could not be read back (${read.code ?? 'error'})`));
  }
  for (const e of inputs.entities) {
    const unresolved = inputs.unresolved.get(e.entity) ?? 0;
    const zohoCount = (n: number) => (e.zohoReadBack ? String(n) : 'not read back');
    // A location that differs for no other reason (fields, failed writes) differs in its counts.
    const countsOff = e.locations.filter((l) => !l.match && l.fieldMismatches === 0 && l.failed === 0);
    for (const l of countsOff) {
      out.push(blocker('COUNTS', e.entity, l.locationId, `source ${l.source}, normalized ${l.normalized}, expected ${l.resolved}, written ${l.written}, zoho ${zohoCount(l.zoho)}`));
    }
    if (!e.match && e.locations.every((l) => l.match) && e.deadLettered === 0 && inputs.zoho.get(e.entity)?.kind !== 'failed') {
      out.push(blocker('COUNTS', e.entity, null, `source ${e.source}, normalized ${e.normalized}, expected ${e.resolved}, written ${e.written}, zoho ${zohoCount(e.zoho)}`));
    }
    if (unresolved > 0) out.push(blocker('COUNTS', e.entity, null, `${unresolved} source records not resolved by the deduper`));
    for (const l of e.locations) {
      if (l.fieldMismatches > 0) out.push(blocker('FIELDS', e.entity, l.locationId, `${l.fieldMismatches} field values differ from the last write`));
      if (l.failed > 0) out.push(blocker('FAILED', e.entity, l.locationId, `${l.failed} records whose last write failed`));
    }
  }
  // Every ERROR issue blocks, also one about an entity that is not itself migrated (a provider).
  const errors = new Map<string, { entity: string; locationId: string; count: number }>();
  for (const i of inputs.issues) {
    if (i.severity !== 'ERROR') continue;
    const key = `${i.entity}\u0000${i.locationId}`;
    const row = errors.get(key) ?? { entity: i.entity, locationId: i.locationId, count: 0 };
    row.count += i.count;
    errors.set(key, row);
  }
  for (const e of errors.values()) out.push(blocker('ISSUES', e.entity, e.locationId, `${e.count} ERROR data-quality issues`));
  for (const d of inputs.deadLetters) {
    if (d.count > 0) out.push(blocker('DEAD_LETTERS', d.entity, null, `${d.count} dead letters from ${d.service}`));
  }
  return out;
}
