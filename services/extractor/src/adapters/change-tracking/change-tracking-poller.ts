import { PermanentError } from '@panda2zoho/kafka';
import type { EntityName, TableDefinition } from '@panda2zoho/panda-model';
import type { ChangeOrProblem } from '../../domain/canonical-change.ts';
import { decideChangeTrackingRead, reloadWarningReason, type ChangeTrackingDecision, type ReloadReason } from '../../domain/change-tracking-decision.ts';
import { changeFromReloadedRow, changeFromTrackedRow, columnReader, missingColumns, versionFromDriver, type SourceRow } from '../../domain/change-tracking-rows.ts';
import type { CheckpointStore } from './checkpoint-store.ts';
import type { ChangeTrackingSnapshot, ChangeTrackingSource } from './change-tracking-source.ts';

export interface ChangeTrackingPollerOptions {
  source: ChangeTrackingSource;
  checkpoints: CheckpointStore;
  /** The practice location this database is (one PANDA database per location). */
  locationId: string;
  /** The install's table definitions; tables that are not migrated (the Open Dental bridge) are skipped. */
  tables: TableDefinition[];
  /** Items per batch (default 500): a reload of a large table is emitted in many batches, never held whole. */
  maxBatchSize?: number;
  /** Stamps checkpoints (information only). */
  now?: () => Date;
}

/** Data-quality facts about a read, for the operator and reconciliation: not errors, nothing is dropped. */
export interface ChangeTrackingWarning {
  code: 'CT_RELOAD_DELETES_UNSEEN' | 'SOURCE_COLUMNS_MISSING';
  locationId: string;
  table: string;
  /** Names tables, columns and versions; never values. */
  reason: string;
}

export type ChangeTrackingRead =
  | { kind: 'changes'; fromVersion: number; toVersion: number }
  | { kind: 'reload'; reason: ReloadReason; toVersion: number };

/**
 * A slice of one table's read. Produce its items, wait for the acknowledgements, then call commit():
 * on the read's last batch that writes the checkpoint (toVersion); on the others it does nothing.
 * A last batch never committed leaves the checkpoint where it was, so the next poll reads the same
 * changes again (at-least-once; event ids derive from positions, so the repeats are duplicates).
 */
export interface ChangeTrackingBatch {
  locationId: string;
  table: string;
  entity: EntityName;
  read: ChangeTrackingRead;
  /** First batch of the read: a reload starts here (a consumer sweeping unseen keys starts its set). */
  first: boolean;
  /** Last batch of the read: commit() checkpoints it (a reload is complete here). */
  last: boolean;
  items: ChangeOrProblem[];
  /** On the first batch of a read only. */
  warnings: ChangeTrackingWarning[];
  commit(): Promise<void>;
}

/**
 * Reads Change Tracking per table, each table in its own SNAPSHOT transaction (reference §4): min
 * valid version, current version, then either CHANGETABLE(CHANGES …, checkpoint) up to the current
 * version, or a re-initialisation, then the caller checkpoints the current version.
 *
 * Re-initialisation (no checkpoint, a checkpoint below the table's min valid version, or one above
 * the database's current version): `SELECT *` in the same snapshot, every row an UPSERT positioned at
 * `<table>@<current version>`. The reload is complete when its `last` batch is committed. It cannot
 * see rows deleted while the checkpoint was stale: no DELETE is emitted for them, and the first batch
 * carries a CT_RELOAD_DELETES_UNSEEN warning (not for the first run, when nothing was emitted before)
 * so that the operator or reconciliation (keys emitted before, absent from the reload) deals with them.
 *
 * CT keeps no before-image and no commit time: deletes carry the key only and sourceCommittedAtMs is null.
 */
export class ChangeTrackingPoller {
  private readonly tables: TableDefinition[];
  private readonly maxBatchSize: number;
  private readonly warnedMissingColumns = new Set<string>();

  constructor(private readonly options: ChangeTrackingPollerOptions) {
    this.tables = options.tables.filter((t) => t.migrate);
    this.maxBatchSize = Math.max(1, options.maxBatchSize ?? 500);
  }

  /** One pass over every table: the batches of each table's read, tables in definition order. */
  async *poll(): AsyncGenerator<ChangeTrackingBatch> {
    for (const table of this.tables) yield* this.pollTable(table);
  }

  private async *pollTable(table: TableDefinition): AsyncGenerator<ChangeTrackingBatch> {
    const { locationId } = this.options;
    const checkpoint = await this.options.checkpoints.load(locationId, table.table);
    const snapshot = await this.options.source.begin();
    try {
      const decision = decideChangeTrackingRead(checkpoint, await readVersions(snapshot, table.table));
      const read = this.readFor(decision, table.table);
      if (read === undefined) return;
      const warnings: ChangeTrackingWarning[] = [];
      if (decision.kind === 'reload' && decision.deletesMayBeMissed) {
        warnings.push({ code: 'CT_RELOAD_DELETES_UNSEEN', locationId, table: table.table, reason: reloadWarningReason(table.table, decision, checkpoint) });
      }
      const ctx = { locationId, table, read: columnReader() };
      const rows = read.kind === 'changes' ? snapshot.changes(table, read.fromVersion, read.toVersion) : snapshot.rows(table);
      const toItem = read.kind === 'changes' ? (row: SourceRow) => changeFromTrackedRow(row, ctx) : (row: SourceRow) => changeFromReloadedRow(row, ctx, read.toVersion);

      let first = true;
      const batch = (items: ChangeOrProblem[], last: boolean): ChangeTrackingBatch => {
        const made = this.batch(table, read, items, first, last, first ? warnings : []);
        first = false;
        return made;
      };
      // A full batch is held until the next row shows whether it was the last, so every read ends
      // with exactly one `last` batch (empty only when the read found nothing).
      let full: ChangeOrProblem[] | undefined;
      let items: ChangeOrProblem[] = [];
      for await (const row of rows) {
        if (full) {
          yield batch(full, false);
          full = undefined;
        }
        if (first && items.length === 0) this.warnMissingColumns(table, row, warnings);
        items.push(toItem(row));
        if (items.length >= this.maxBatchSize) {
          full = items;
          items = [];
        }
      }
      yield batch(full ?? items, true);
    } finally {
      await snapshot.end();
    }
  }

  /** Expected outcomes become a read or nothing; a table we cannot read at all stops the poller with a clear message. */
  private readFor(decision: ChangeTrackingDecision, table: string): ChangeTrackingRead | undefined {
    const where = `dbo.${table} (location ${this.options.locationId})`;
    switch (decision.kind) {
      case 'up-to-date':
        return undefined;
      case 'read-changes':
        return { kind: 'changes', fromVersion: decision.fromVersion, toVersion: decision.toVersion };
      case 'reload':
        return { kind: 'reload', reason: decision.reason, toVersion: decision.toVersion };
      case 'table-not-found':
        throw new PermanentError('TABLE_NOT_FOUND', `${where} does not exist or this login cannot see it: check the table map (PANDA_TABLE_MAP_FILE) and the database in MSSQL_URL`);
      case 'not-tracked':
        throw new PermanentError(
          'CHANGE_TRACKING_OFF',
          decision.scope === 'database'
            ? `Change Tracking is off for the database of ${where}: ALTER DATABASE <db> SET CHANGE_TRACKING = ON (CHANGE_RETENTION = 2 DAYS, AUTO_CLEANUP = ON)`
            : `Change Tracking is off for ${where}: ALTER TABLE dbo.${table} ENABLE CHANGE_TRACKING`,
        );
    }
  }

  private batch(table: TableDefinition, read: ChangeTrackingRead, items: ChangeOrProblem[], first: boolean, last: boolean, warnings: ChangeTrackingWarning[]): ChangeTrackingBatch {
    const { locationId, checkpoints, now } = this.options;
    let committed = false;
    return {
      locationId,
      table: table.table,
      entity: table.entity,
      read,
      first,
      last,
      items,
      warnings,
      commit: async () => {
        if (!last || committed) return;
        await checkpoints.save(locationId, table.table, { version: read.toVersion, at: (now ?? (() => new Date()))().toISOString() });
        committed = true;
      },
    };
  }

  private warnMissingColumns(table: TableDefinition, row: SourceRow, warnings: ChangeTrackingWarning[]): void {
    if (this.warnedMissingColumns.has(table.table)) return;
    this.warnedMissingColumns.add(table.table);
    const missing = missingColumns(table, row);
    if (missing.length === 0) return;
    warnings.push({
      code: 'SOURCE_COLUMNS_MISSING',
      locationId: this.options.locationId,
      table: table.table,
      reason: `dbo.${table.table} has no column ${missing.join(', ')}: read as null (check the table map)`,
    });
  }
}

async function readVersions(snapshot: ChangeTrackingSnapshot, table: string) {
  const versions = await snapshot.tableVersions(table);
  const current = versionFromDriver(await snapshot.currentVersion());
  const minValid = versionFromDriver(versions.minValidVersion);
  if (current === 'invalid' || minValid === 'invalid') {
    throw new PermanentError('INVALID_CHANGE_VERSION', `dbo.${table}: SQL Server returned a Change Tracking version that is not a safe integer`);
  }
  return { tableFound: versions.objectId !== null && versions.objectId !== undefined, minValidVersion: minValid, currentVersion: current };
}
