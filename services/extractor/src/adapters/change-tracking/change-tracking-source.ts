import type { TableDefinition } from '@panda2zoho/panda-model';
import type { SourceRow } from '../../domain/change-tracking-rows.ts';

/**
 * The query seam of the Change Tracking poller: everything it reads from SQL Server, and nothing
 * more. Implemented by mssql against a server (mssql-change-tracking-source.ts) and by recorded
 * driver results (recorded-change-tracking-source.ts), so the poller is tested without a server.
 * Values are what the mssql driver returns (BIGINT versions as strings, Date for date/time columns,
 * Buffer for binary); the domain canonicalises them.
 */
export interface ChangeTrackingSource {
  /** Opens one SNAPSHOT-isolation transaction: everything read through it is one consistent view. */
  begin(): Promise<ChangeTrackingSnapshot>;
  close(): Promise<void>;
}

export interface ChangeTrackingSnapshot {
  /** OBJECT_ID('dbo.<table>') and CHANGE_TRACKING_MIN_VALID_VERSION of it, as the driver returned them. */
  tableVersions(table: string): Promise<{ objectId: unknown; minValidVersion: unknown }>;
  /** CHANGE_TRACKING_CURRENT_VERSION(), as the driver returned it (null when CT is off for the database). */
  currentVersion(): Promise<unknown>;
  /**
   * CHANGETABLE(CHANGES dbo.<table>, fromVersion) LEFT JOIN dbo.<table> on the key, changes up to
   * toVersion, in SYS_CHANGE_VERSION order; CT's key columns aliased by ctKeyAlias. Streams with
   * back-pressure: rows are fetched as they are consumed.
   */
  changes(table: TableDefinition, fromVersion: number, toVersion: number): AsyncIterable<SourceRow>;
  /** SELECT * FROM dbo.<table> in key order (the re-initialisation), streamed. */
  rows(table: TableDefinition): AsyncIterable<SourceRow>;
  /** Ends the transaction. Always called, after a failure too; a second call does nothing. */
  end(): Promise<void>;
}
