import { readFileSync } from 'node:fs';
import mssql from 'mssql';
import { quoteName } from './change-tracking-sql.ts';
import { classified, classifyMssqlError } from './classify-mssql-error.ts';
import { describeMssqlTarget, mssqlConfigFromUrl } from './mssql-connection.ts';
import { parseRecordedJson } from './recorded-values.ts';

/**
 * The query seam of `source inventory`: named catalogue queries, each returning rows as the mssql
 * driver does. Per-database queries use three-part names, so one login inventories every PANDA
 * database of a server. Implemented against a server and by recorded results.
 */
export type InventoryQueryName = 'server' | 'services' | 'databases' | 'tables' | 'columns' | 'primaryKeys' | 'files';
export type InventoryRows = Array<Record<string, unknown>>;

export interface SqlServerInventoryQueries {
  run(name: InventoryQueryName, database?: string): Promise<InventoryRows>;
  close(): Promise<void>;
}

function inventorySql(name: InventoryQueryName, database: string | undefined): string {
  const db = database === undefined ? '' : `${quoteName(database)}.`;
  switch (name) {
    case 'server':
      return `SELECT CAST(SERVERPROPERTY('Edition') AS nvarchar(128)) AS edition, CAST(SERVERPROPERTY('EngineEdition') AS int) AS engineEdition,
  CAST(SERVERPROPERTY('ProductVersion') AS nvarchar(128)) AS productVersion, DB_NAME() AS currentDatabase`;
    case 'services':
      // Needs VIEW SERVER STATE; its absence is an answer too ("unknown").
      return 'SELECT servicename AS serviceName, status_desc AS status, startup_type_desc AS startupType FROM sys.dm_server_services';
    case 'databases':
      return `SELECT d.name, d.state_desc AS state, d.is_cdc_enabled AS cdcEnabled, d.snapshot_isolation_state_desc AS snapshotIsolation,
  CASE WHEN ct.database_id IS NULL THEN 0 ELSE 1 END AS changeTracking, ct.retention_period AS ctRetention,
  ct.retention_period_units_desc AS ctRetentionUnits, ct.is_auto_cleanup_on AS ctAutoCleanup
FROM sys.databases d LEFT JOIN sys.change_tracking_databases ct ON ct.database_id = d.database_id
WHERE d.database_id > 4 ORDER BY d.name`;
    case 'tables':
      return `SELECT s.name AS [schema], t.name AS [table], SUM(CASE WHEN p.index_id IN (0, 1) THEN p.rows ELSE 0 END) AS [rows],
  MAX(CASE WHEN ctt.object_id IS NULL THEN 0 ELSE 1 END) AS changeTracking, MAX(CAST(t.is_tracked_by_cdc AS int)) AS cdc
FROM ${db}sys.tables t JOIN ${db}sys.schemas s ON s.schema_id = t.schema_id
LEFT JOIN ${db}sys.partitions p ON p.object_id = t.object_id
LEFT JOIN ${db}sys.change_tracking_tables ctt ON ctt.object_id = t.object_id
WHERE t.is_ms_shipped = 0 GROUP BY s.name, t.name ORDER BY s.name, t.name`;
    case 'columns':
      return `SELECT c.TABLE_SCHEMA AS [schema], c.TABLE_NAME AS [table], c.COLUMN_NAME AS [column], c.DATA_TYPE AS dataType,
  c.CHARACTER_MAXIMUM_LENGTH AS maxLength, c.NUMERIC_PRECISION AS numericPrecision, c.NUMERIC_SCALE AS numericScale,
  c.DATETIME_PRECISION AS datetimePrecision, c.IS_NULLABLE AS isNullable
FROM ${db}INFORMATION_SCHEMA.COLUMNS c JOIN ${db}INFORMATION_SCHEMA.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME
WHERE t.TABLE_TYPE = 'BASE TABLE' ORDER BY c.TABLE_SCHEMA, c.TABLE_NAME, c.ORDINAL_POSITION`;
    case 'primaryKeys':
      return `SELECT k.TABLE_SCHEMA AS [schema], k.TABLE_NAME AS [table], k.COLUMN_NAME AS [column]
FROM ${db}INFORMATION_SCHEMA.TABLE_CONSTRAINTS c JOIN ${db}INFORMATION_SCHEMA.KEY_COLUMN_USAGE k
  ON k.CONSTRAINT_SCHEMA = c.CONSTRAINT_SCHEMA AND k.CONSTRAINT_NAME = c.CONSTRAINT_NAME
WHERE c.CONSTRAINT_TYPE = 'PRIMARY KEY' ORDER BY k.TABLE_SCHEMA, k.TABLE_NAME, k.ORDINAL_POSITION`;
    case 'files':
      return `SELECT type_desc AS type, SUM(CAST(size AS bigint)) * 8192 AS bytes FROM ${db}sys.database_files GROUP BY type_desc`;
  }
}

export class MssqlInventoryQueries implements SqlServerInventoryQueries {
  private constructor(
    private readonly pool: mssql.ConnectionPool,
    readonly target: string,
  ) {}

  static async connect(url: string): Promise<MssqlInventoryQueries> {
    const config = mssqlConfigFromUrl(url);
    const target = describeMssqlTarget(config);
    const pool = new mssql.ConnectionPool(config);
    pool.on('error', () => {}); // a dropped idle connection: the next query reconnects
    await classified(`connecting to ${target}`, () => pool.connect());
    return new MssqlInventoryQueries(pool, target);
  }

  async run(name: InventoryQueryName, database?: string): Promise<InventoryRows> {
    const result = await classified(`running the ${name} inventory query${database ? ` on ${database}` : ''}`, () =>
      this.pool.request().query<Record<string, unknown>>(inventorySql(name, database)),
    );
    return result.recordset;
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}

/**
 * Recorded results: `{ "server": [rows], "tables@PANDA_Loc1": [rows], "services": {"$error": {"number": 300}} }`.
 * A recorded `$error` replays as the driver error it was (classified the same way).
 */
export class RecordedInventoryQueries implements SqlServerInventoryQueries {
  constructor(private readonly recorded: Record<string, unknown>) {}

  static fromFile(file: string): RecordedInventoryQueries {
    return new RecordedInventoryQueries(parseRecordedJson(readFileSync(file, 'utf8')) as Record<string, unknown>);
  }

  async run(name: InventoryQueryName, database?: string): Promise<InventoryRows> {
    const key = database === undefined ? name : `${name}@${database}`;
    const rows = this.recorded[key];
    if (rows === undefined) throw new Error(`inventory query ${key} was not recorded`);
    if (!Array.isArray(rows)) {
      const driverError = Object.assign(new Error('recorded driver failure'), { name: 'RequestError', code: 'EREQUEST', ...(rows as { $error: object }).$error });
      throw classifyMssqlError(driverError, `running the ${key} inventory query`);
    }
    return rows as InventoryRows;
  }

  async close(): Promise<void> {}
}
