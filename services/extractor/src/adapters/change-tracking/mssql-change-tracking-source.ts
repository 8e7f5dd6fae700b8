import mssql from 'mssql';
import type { TableDefinition } from '@panda2zoho/panda-model';
import type { SourceRow } from '../../domain/change-tracking-rows.ts';
import type { ChangeTrackingSnapshot, ChangeTrackingSource } from './change-tracking-source.ts';
import { changesSql, CURRENT_VERSION_SQL, qualifiedTable, reloadSql, TABLE_VERSIONS_SQL } from './change-tracking-sql.ts';
import { classified, classifyMssqlError } from './classify-mssql-error.ts';
import { describeMssqlTarget, mssqlConfigFromUrl } from './mssql-connection.ts';

/** The query seam against a real SQL Server (any edition: Change Tracking runs on Express). */
export class MssqlChangeTrackingSource implements ChangeTrackingSource {
  private constructor(
    private readonly pool: mssql.ConnectionPool,
    readonly target: string,
  ) {}

  /**
   * Connects to MSSQL_URL (`database` overrides the URL's: one source per PANDA database). Connection
   * failures are TransientError; a bad login or URL is PermanentError.
   */
  static async connect(url: string, options: { database?: string } = {}): Promise<MssqlChangeTrackingSource> {
    const config = { ...mssqlConfigFromUrl(url), ...(options.database ? { database: options.database } : {}) };
    const target = describeMssqlTarget(config);
    const pool = new mssql.ConnectionPool(config);
    // An idle pooled connection that drops emits 'error' on the pool; the next request reconnects.
    pool.on('error', () => {});
    await classified(`connecting to ${target}`, () => pool.connect());
    return new MssqlChangeTrackingSource(pool, target);
  }

  async begin(): Promise<ChangeTrackingSnapshot> {
    const transaction = new mssql.Transaction(this.pool);
    await classified(`starting a snapshot transaction on ${this.target}`, () => transaction.begin(mssql.ISOLATION_LEVEL.SNAPSHOT));
    return new MssqlSnapshot(transaction, this.target);
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}

class MssqlSnapshot implements ChangeTrackingSnapshot {
  private ended = false;

  constructor(
    private readonly transaction: mssql.Transaction,
    private readonly target: string,
  ) {}

  async tableVersions(table: string): Promise<{ objectId: unknown; minValidVersion: unknown }> {
    const result = await classified(`reading the Change Tracking versions of ${qualifiedTable(table)}`, () =>
      new mssql.Request(this.transaction).input('table', mssql.NVarChar(300), qualifiedTable(table)).query<Record<string, unknown>>(TABLE_VERSIONS_SQL),
    );
    const row = result.recordset[0];
    return { objectId: row?.['objectId'] ?? null, minValidVersion: row?.['minValidVersion'] ?? null };
  }

  async currentVersion(): Promise<unknown> {
    const result = await classified(`reading CHANGE_TRACKING_CURRENT_VERSION() on ${this.target}`, () =>
      new mssql.Request(this.transaction).query<Record<string, unknown>>(CURRENT_VERSION_SQL),
    );
    return result.recordset[0]?.['currentVersion'] ?? null;
  }

  changes(table: TableDefinition, fromVersion: number, toVersion: number): AsyncIterable<SourceRow> {
    const request = new mssql.Request(this.transaction).input('fromVersion', mssql.BigInt, fromVersion).input('toVersion', mssql.BigInt, toVersion);
    return streamRows(request, changesSql(table), `reading the changes of ${qualifiedTable(table.table)}`);
  }

  rows(table: TableDefinition): AsyncIterable<SourceRow> {
    return streamRows(new mssql.Request(this.transaction), reloadSql(table), `reloading ${qualifiedTable(table.table)}`);
  }

  async end(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    // Read-only: committing and rolling back are the same; a transaction the server already
    // aborted (a cancelled stream) only needs its connection back, which rollback does.
    try {
      await this.transaction.commit();
    } catch {
      await this.transaction.rollback().catch(() => undefined);
    }
  }
}

/**
 * Rows one at a time with back-pressure (mssql's readable stream pauses the request when its buffer
 * is full), so a reload of a large table never sits in memory. Leaving the loop early cancels the query.
 */
async function* streamRows(request: mssql.Request, sql: string, doing: string): AsyncGenerator<SourceRow> {
  const stream = request.toReadableStream({ highWaterMark: 256 });
  // In stream mode the request always ends with 'done', after an error or a cancel too.
  let requestDone = false;
  const done = new Promise<void>((resolve) => request.once('done', () => resolve()));
  void done.then(() => (requestDone = true));
  // Stream mode reports failures on the stream, not to this callback.
  request.query(sql, () => undefined);
  let finished = false;
  try {
    for await (const row of stream) yield row as SourceRow;
    finished = true;
  } catch (error) {
    finished = true;
    throw classifyMssqlError(error, doing);
  } finally {
    if (!finished && !requestDone) {
      // Abandoned mid-read: stop the query, and wait for it, so the transaction can end cleanly.
      request.cancel();
      await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 30_000).unref())]);
    }
  }
}
