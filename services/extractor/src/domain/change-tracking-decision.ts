/**
 * What the Change Tracking poller does next for one table, decided from what it read inside one
 * SNAPSHOT transaction (reference §4). Pure: the adapter reads the versions, this decides, the adapter
 * runs the decision. Versions are SQL Server BIGINTs; they stay far below 2^53 in practice (one per
 * committed transaction), and the adapter refuses any that does not.
 *
 * A checkpoint means: every change with SYS_CHANGE_VERSION ≤ version has been emitted and acknowledged.
 */
export interface ChangeTrackingCheckpoint {
  version: number;
  /** ISO time the checkpoint was written (operators' information only; never used to decide). */
  at: string;
}

export interface TableVersionsRead {
  /** OBJECT_ID('dbo.<table>') was not null: the table exists and this login can see it. */
  tableFound: boolean;
  /** CHANGE_TRACKING_MIN_VALID_VERSION(OBJECT_ID(...)); null when the table is not tracked. */
  minValidVersion: number | null;
  /** CHANGE_TRACKING_CURRENT_VERSION(); null when change tracking is off for the database. */
  currentVersion: number | null;
}

/** Why a table is re-initialised with a full reload instead of reading its changes. */
export type ReloadReason =
  /** No checkpoint yet: the initial load. Nothing was emitted before, so nothing can be missed. */
  | 'first-run'
  /** The checkpoint is older than the oldest change CT still keeps (retention cleanup, TRUNCATE). */
  | 'checkpoint-expired'
  /** The checkpoint is newer than the database: it was restored from a backup or replaced. */
  | 'checkpoint-ahead';

export type ChangeTrackingDecision =
  | { kind: 'read-changes'; fromVersion: number; toVersion: number }
  | { kind: 'reload'; reason: ReloadReason; toVersion: number; deletesMayBeMissed: boolean }
  | { kind: 'up-to-date'; version: number }
  | { kind: 'table-not-found' }
  | { kind: 'not-tracked'; scope: 'database' | 'table' };

export function decideChangeTrackingRead(checkpoint: ChangeTrackingCheckpoint | undefined, read: TableVersionsRead): ChangeTrackingDecision {
  if (!read.tableFound) return { kind: 'table-not-found' };
  if (read.currentVersion === null) return { kind: 'not-tracked', scope: 'database' };
  if (read.minValidVersion === null) return { kind: 'not-tracked', scope: 'table' };
  const toVersion = read.currentVersion;
  if (checkpoint === undefined) return { kind: 'reload', reason: 'first-run', toVersion, deletesMayBeMissed: false };
  // CHANGETABLE(CHANGES t, @last) is only complete when @last ≥ the table's min valid version.
  if (checkpoint.version < read.minValidVersion) return { kind: 'reload', reason: 'checkpoint-expired', toVersion, deletesMayBeMissed: true };
  if (checkpoint.version > toVersion) return { kind: 'reload', reason: 'checkpoint-ahead', toVersion, deletesMayBeMissed: true };
  if (checkpoint.version === toVersion) return { kind: 'up-to-date', version: toVersion };
  return { kind: 'read-changes', fromVersion: checkpoint.version, toVersion };
}

/**
 * The data-quality warning that goes with a reload after earlier emissions: a reload re-emits an
 * UPSERT for every row present now, but a row deleted while the checkpoint was stale is simply
 * absent, so its DELETE is never emitted. Downstream keeps it until reconciliation (keys emitted
 * before and not re-emitted by the reload) or an operator resolves it.
 */
export function reloadWarningReason(table: string, decision: Extract<ChangeTrackingDecision, { kind: 'reload' }>, checkpoint: ChangeTrackingCheckpoint | undefined): string {
  const from = checkpoint === undefined ? 'none' : String(checkpoint.version);
  const why =
    decision.reason === 'checkpoint-expired'
      ? 'is older than the minimum valid Change Tracking version (retention cleanup or TRUNCATE)'
      : decision.reason === 'checkpoint-ahead'
        ? 'is ahead of the database (restored or replaced)'
        : 'is missing';
  return `dbo.${table}: checkpoint ${from} ${why}; reloaded every row at version ${decision.toVersion}; rows deleted since ${from} cannot be seen and get no DELETE`;
}
