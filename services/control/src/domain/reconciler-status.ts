/** Counts of one entity at one location (the reconciler's `GET /status`): numbers and ids only, no PHI. */
export interface LocationCounts {
  locationId: string;
  extracted: number;
  normalized: number;
  resolved: number;
  written: number;
  failed: number;
}

export interface EntityCounts extends Omit<LocationCounts, 'locationId'> {
  entity: string;
  module: string;
  /** Records waiting, over every stage's topics of the entity. */
  lag: number;
  /** Absent from a reconciler older than the per-location breakdown. */
  locations?: LocationCounts[];
}

/** The reconciler's `GET /status` answer. */
export interface ReconcilerStatus {
  generatedAtMs: number;
  entities: EntityCounts[];
  /** Per stage (consumer group) and topic: records waiting. */
  lag: Array<{ stage: string; groupId: string; topic: string; entity: string | null; lag: number }>;
}

/** Lag per stage and entity (summed over the stage's topics of the entity; `—` for topics of no entity). */
export function lagByStage(status: ReconcilerStatus): { stages: string[]; byEntity: Map<string, Map<string, number>> } {
  const stages: string[] = [];
  const byEntity = new Map<string, Map<string, number>>();
  for (const l of status.lag) {
    if (!stages.includes(l.stage)) stages.push(l.stage);
    const entity = l.entity ?? '—';
    let row = byEntity.get(entity);
    if (!row) byEntity.set(entity, (row = new Map()));
    row.set(l.stage, (row.get(l.stage) ?? 0) + l.lag);
  }
  return { stages, byEntity };
}
