import { readFileSync } from 'node:fs';
import type { TableDefinition } from '@panda2zoho/panda-model';
import type { SourceRow } from '../../domain/change-tracking-rows.ts';
import type { ChangeTrackingSnapshot, ChangeTrackingSource } from './change-tracking-source.ts';
import { classifyMssqlError } from './classify-mssql-error.ts';
import { parseRecordedJson, toRecordedJson } from './recorded-values.ts';

/** What one snapshot transaction read from one table, as the mssql driver returned it. */
export interface RecordedTableRead {
  objectId: unknown;
  minValidVersion: unknown;
  /** The changes query's parameters and rows; replay refuses a read with other parameters. */
  changes?: { fromVersion: number; toVersion: number; rows: SourceRow[] };
  rows?: SourceRow[];
}

export interface RecordedSnapshot {
  currentVersion?: unknown;
  tables?: Record<string, RecordedTableRead>;
  /** Replays a driver failure at begin() instead, e.g. {"code": "ESOCKET"} or {"number": 208}. */
  failure?: { code?: string; number?: number };
}

/** A recording: the snapshots in the order the poller began them (one per table read). */
export interface ChangeTrackingRecording {
  description?: string;
  snapshots: RecordedSnapshot[];
}

export function loadRecording(file: string): ChangeTrackingRecording {
  return parseRecordedJson(readFileSync(file, 'utf8')) as ChangeTrackingRecording;
}

/** Replays a recording through the query seam. Asking for something that was not recorded is a test bug: it throws. */
export class RecordedChangeTrackingSource implements ChangeTrackingSource {
  private next = 0;

  constructor(private readonly recording: ChangeTrackingRecording) {}

  get snapshotsUsed(): number {
    return this.next;
  }

  async begin(): Promise<ChangeTrackingSnapshot> {
    const snapshot = this.recording.snapshots[this.next++];
    if (!snapshot) throw new Error(`recording exhausted: snapshot ${this.next} was not recorded`);
    if (snapshot.failure) {
      const driverError = Object.assign(new Error('recorded driver failure'), { name: 'ConnectionError', ...snapshot.failure });
      throw classifyMssqlError(driverError, 'starting a recorded snapshot');
    }
    return new RecordedSnapshotReader(snapshot);
  }

  async close(): Promise<void> {}
}

class RecordedSnapshotReader implements ChangeTrackingSnapshot {
  constructor(private readonly snapshot: RecordedSnapshot) {}

  private table(name: string): RecordedTableRead {
    const read = this.snapshot.tables?.[name];
    if (!read) throw new Error(`table ${name} was not recorded in this snapshot`);
    return read;
  }

  async tableVersions(table: string): Promise<{ objectId: unknown; minValidVersion: unknown }> {
    const read = this.table(table);
    return { objectId: read.objectId, minValidVersion: read.minValidVersion };
  }

  async currentVersion(): Promise<unknown> {
    return this.snapshot.currentVersion ?? null;
  }

  async *changes(table: TableDefinition, fromVersion: number, toVersion: number): AsyncGenerator<SourceRow> {
    const changes = this.table(table.table).changes;
    if (!changes || changes.fromVersion !== fromVersion || changes.toVersion !== toVersion) {
      throw new Error(`changes of ${table.table} from ${fromVersion} to ${toVersion} were not recorded`);
    }
    yield* changes.rows;
  }

  async *rows(table: TableDefinition): AsyncGenerator<SourceRow> {
    const rows = this.table(table.table).rows;
    if (!rows) throw new Error(`the rows of ${table.table} were not recorded`);
    yield* rows;
  }

  async end(): Promise<void> {}
}

/**
 * Wraps a live source and records what it returns, so a run against a real server becomes a fixture
 * (`JSON.stringify(recorder.recording(), null, 2)`). Recordings hold row values: make them from
 * synthetic practices only, never from a real practice's database.
 */
export class RecordingChangeTrackingSource implements ChangeTrackingSource {
  private readonly snapshots: RecordedSnapshot[] = [];

  constructor(private readonly inner: ChangeTrackingSource) {}

  recording(description?: string): unknown {
    return toRecordedJson({ ...(description ? { description } : {}), snapshots: this.snapshots });
  }

  async begin(): Promise<ChangeTrackingSnapshot> {
    const inner = await this.inner.begin();
    const recorded: RecordedSnapshot & { tables: Record<string, RecordedTableRead> } = { tables: {} };
    this.snapshots.push(recorded);
    const tableRead = (name: string) => (recorded.tables[name] ??= { objectId: null, minValidVersion: null });
    return {
      tableVersions: async (table) => Object.assign(tableRead(table), await inner.tableVersions(table)),
      currentVersion: async () => (recorded.currentVersion = await inner.currentVersion()),
      changes: (table, fromVersion, toVersion) => {
        const rows: SourceRow[] = [];
        tableRead(table.table).changes = { fromVersion, toVersion, rows };
        return tee(inner.changes(table, fromVersion, toVersion), rows);
      },
      rows: (table) => tee(inner.rows(table), (tableRead(table.table).rows = [])),
      end: () => inner.end(),
    };
  }

  async close(): Promise<void> {
    await this.inner.close();
  }
}

async function* tee(rows: AsyncIterable<SourceRow>, into: SourceRow[]): AsyncGenerator<SourceRow> {
  for await (const row of rows) {
    into.push(row);
    yield row;
  }
}
