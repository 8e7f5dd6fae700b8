import type { ChangeTrackingCheckpoint } from '../../domain/change-tracking-decision.ts';

/**
 * Where the Change Tracking poller keeps, per location and table, the version up to which changes
 * were emitted AND acknowledged. Written only after the events are acknowledged (at-least-once: a
 * crash in between re-reads the changes, and their event ids, derived from positions, repeat).
 */
export interface CheckpointStore {
  load(locationId: string, table: string): Promise<ChangeTrackingCheckpoint | undefined>;
  save(locationId: string, table: string, checkpoint: ChangeTrackingCheckpoint): Promise<void>;
}

/** Compacted-topic key: one checkpoint per location and table. Table names as the table map spells them. */
export function checkpointKey(locationId: string, table: string): string {
  return `${locationId}:${table}`;
}

/** The checkpoint topic of a namespace (compacted, retention forever). */
export function changeTrackingCheckpointTopic(namespace: string): string {
  return `${namespace}.extractor.ct-checkpoints.v1`;
}

/** For unit tests and one-off runs: checkpoints live as long as the process. */
export class InMemoryCheckpointStore implements CheckpointStore {
  private readonly checkpoints = new Map<string, ChangeTrackingCheckpoint>();

  constructor(initial: Record<string, ChangeTrackingCheckpoint> = {}) {
    for (const [key, checkpoint] of Object.entries(initial)) this.checkpoints.set(key, checkpoint);
  }

  async load(locationId: string, table: string): Promise<ChangeTrackingCheckpoint | undefined> {
    return this.checkpoints.get(checkpointKey(locationId, table));
  }

  async save(locationId: string, table: string, checkpoint: ChangeTrackingCheckpoint): Promise<void> {
    this.checkpoints.set(checkpointKey(locationId, table), checkpoint);
  }

  snapshot(): Record<string, ChangeTrackingCheckpoint> {
    return Object.fromEntries(this.checkpoints);
  }
}
