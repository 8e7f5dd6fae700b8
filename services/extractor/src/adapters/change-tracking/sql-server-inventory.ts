import { isPermanent } from '@panda2zoho/kafka';
import type { InventoryRows, SqlServerInventoryQueries } from './sql-server-inventory-queries.ts';

/** What a SQL Server holds, as `source inventory` reports it: names, types, counts and settings; never row values. */
export interface SqlServerInventory {
  server: { edition: string; engineEdition: number | null; productVersion: string };
  /** SQL Server Agent: CDC's capture and cleanup jobs need it running. 'unknown' without VIEW SERVER STATE. */
  agent: { state: 'running' | 'stopped' | 'not-installed' | 'unknown'; reason?: string };
  databases: DatabaseInventory[];
}

export interface DatabaseInventory {
  name: string;
  state: string;
  cdcEnabled: boolean;
  snapshotIsolation: string;
  changeTracking: { enabled: boolean; retention?: string; autoCleanup?: boolean };
  /** Data files (ROWS): what the Express 10 GB limit counts. */
  dataBytes: number;
  logBytes: number;
  tables: TableInventory[];
}

export interface TableInventory {
  schema: string;
  name: string;
  rows: number;
  changeTracking: boolean;
  cdc: boolean;
  primaryKey: string[];
  /** Types written as T-SQL does (panda-model's sqlTypeName), e.g. nvarchar(50), decimal(10,2). */
  columns: Array<{ name: string; type: string; nullable: boolean }>;
}

const SYSTEM_DATABASES = new Set(['master', 'tempdb', 'model', 'msdb']);

const text = (value: unknown): string => (value === null || value === undefined ? '' : String(value));
const num = (value: unknown): number => (value === null || value === undefined || value === '' ? 0 : Number(value));
const bool = (value: unknown): boolean => value === true || value === 1 || value === '1';

export function columnTypeName(row: Record<string, unknown>): string {
  const type = text(row['dataType']).toLowerCase();
  if (['nvarchar', 'varchar', 'nchar', 'char', 'varbinary', 'binary'].includes(type)) {
    return `${type}(${num(row['maxLength']) === -1 ? 'max' : num(row['maxLength'])})`;
  }
  if (type === 'decimal' || type === 'numeric') return `decimal(${num(row['numericPrecision'])},${num(row['numericScale'])})`;
  if (type === 'datetime2' || type === 'datetimeoffset' || type === 'time') return `${type}(${num(row['datetimePrecision'])})`;
  return type;
}

function agentState(rows: InventoryRows): SqlServerInventory['agent'] {
  const agent = rows.find((r) => /agent/i.test(text(r['serviceName'])));
  if (!agent) return { state: 'not-installed' };
  return { state: /^running$/i.test(text(agent['status'])) ? 'running' : 'stopped' };
}

async function readAgent(queries: SqlServerInventoryQueries): Promise<SqlServerInventory['agent']> {
  try {
    return agentState(await queries.run('services'));
  } catch (error) {
    if (isPermanent(error) && error.code === 'PERMISSION_DENIED') return { state: 'unknown', reason: 'sys.dm_server_services needs VIEW SERVER STATE' };
    throw error;
  }
}

const tableKey = (r: Record<string, unknown>) => `${text(r['schema'])}.${text(r['table'])}`;

function byTable(rows: InventoryRows): Map<string, InventoryRows> {
  const grouped = new Map<string, InventoryRows>();
  for (const row of rows) {
    const key = tableKey(row);
    const group = grouped.get(key);
    if (group) group.push(row);
    else grouped.set(key, [row]);
  }
  return grouped;
}

async function readDatabase(queries: SqlServerInventoryQueries, row: Record<string, unknown>): Promise<DatabaseInventory> {
  const name = text(row['name']);
  const [tables, columns, keys, files] = [
    await queries.run('tables', name),
    await queries.run('columns', name),
    await queries.run('primaryKeys', name),
    await queries.run('files', name),
  ];
  const columnsOf = byTable(columns);
  const keysOf = byTable(keys);
  return {
    name,
    state: text(row['state']),
    cdcEnabled: bool(row['cdcEnabled']),
    snapshotIsolation: text(row['snapshotIsolation']),
    changeTracking: bool(row['changeTracking'])
      ? { enabled: true, retention: `${num(row['ctRetention'])} ${text(row['ctRetentionUnits']).toLowerCase()}`, autoCleanup: bool(row['ctAutoCleanup']) }
      : { enabled: false },
    dataBytes: files.filter((f) => text(f['type']) === 'ROWS').reduce((sum, f) => sum + num(f['bytes']), 0),
    logBytes: files.filter((f) => text(f['type']) === 'LOG').reduce((sum, f) => sum + num(f['bytes']), 0),
    tables: tables.map((t) => ({
      schema: text(t['schema']),
      name: text(t['table']),
      rows: num(t['rows']),
      changeTracking: bool(t['changeTracking']),
      cdc: bool(t['cdc']),
      primaryKey: (keysOf.get(tableKey(t)) ?? []).map((k) => text(k['column'])),
      columns: (columnsOf.get(tableKey(t)) ?? []).map((c) => ({ name: text(c['column']), type: columnTypeName(c), nullable: text(c['isNullable']) === 'YES' })),
    })),
  };
}

/**
 * Reads the server's facts. Databases: those named, else the connection's own when it is a user
 * database, else every online user database (one PANDA database per location).
 */
export async function collectSqlServerInventory(queries: SqlServerInventoryQueries, options: { databases?: string[] } = {}): Promise<SqlServerInventory> {
  const [server] = await queries.run('server');
  const agent = await readAgent(queries);
  const all = await queries.run('databases');
  const current = text(server?.['currentDatabase']);
  const wanted = options.databases?.length ? options.databases : !SYSTEM_DATABASES.has(current.toLowerCase()) && current ? [current] : undefined;
  const chosen = all.filter((d) => (wanted ? wanted.some((w) => w.toLowerCase() === text(d['name']).toLowerCase()) : text(d['state']) === 'ONLINE'));
  const databases: DatabaseInventory[] = [];
  for (const row of chosen) databases.push(await readDatabase(queries, row));
  return {
    server: {
      edition: text(server?.['edition']),
      engineEdition: server?.['engineEdition'] === null || server?.['engineEdition'] === undefined ? null : num(server['engineEdition']),
      productVersion: text(server?.['productVersion']),
    },
    agent,
    databases,
  };
}
