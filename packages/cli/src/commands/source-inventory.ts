import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { applyTableMap, REFERENCE_TABLES, type TableDefinition, type TableMap } from '@panda2zoho/panda-model';
import {
  assessCapture,
  collectSqlServerInventory,
  describeMssqlTarget,
  mssqlConfigFromUrl,
  MssqlInventoryQueries,
  type CaptureAssessment,
  type DatabaseInventory,
  type SqlServerInventory,
  type SqlServerInventoryQueries,
} from '@panda2zoho/extractor/change-tracking';
import { inventoryCsvExport, type CsvLocationInventory } from '@panda2zoho/extractor/csv';
import { formatCsvInventory, formatSqlServerInventory } from './source-inventory-format.ts';
import { mapOntoModel, type ModelCoverage } from './source-inventory-model.ts';
import { CliError, EXIT } from '../exit-codes.ts';

export interface SqlServerInventoryReport {
  source: 'sql-server';
  /** host/database, never credentials. */
  target: string;
  server: SqlServerInventory['server'];
  agent: SqlServerInventory['agent'];
  capture: CaptureAssessment;
  databases: Array<DatabaseInventory & { model: ModelCoverage }>;
}

export interface CsvInventoryReport {
  source: 'csv';
  folder: string;
  locations: Array<CsvLocationInventory & { model: ModelCoverage }>;
}

export async function sqlServerInventoryReport(
  queries: SqlServerInventoryQueries,
  options: { target: string; tables: TableDefinition[]; databases?: string[] },
): Promise<SqlServerInventoryReport> {
  const inventory = await collectSqlServerInventory(queries, options.databases ? { databases: options.databases } : {});
  return {
    source: 'sql-server',
    target: options.target,
    server: inventory.server,
    agent: inventory.agent,
    capture: assessCapture(inventory, options.tables.filter((t) => t.migrate).map((t) => t.table)),
    databases: inventory.databases.map((db) => ({
      ...db,
      // PANDA lives in dbo; tables of other schemas are reported as unknown, schema-qualified.
      model: mapOntoModel(
        db.tables.map((t) => ({ name: t.schema === 'dbo' ? t.name : `${t.schema}.${t.name}`, rows: t.rows, columns: t.columns.map((c) => ({ name: c.name, type: c.type })) })),
        options.tables,
      ),
    })),
  };
}

export async function csvInventoryReport(folder: string, tables: TableDefinition[]): Promise<CsvInventoryReport> {
  const locations = await inventoryCsvExport(folder, tables);
  return {
    source: 'csv',
    folder,
    locations: locations.map((location) => ({
      ...location,
      model: mapOntoModel(
        location.files.map((f) => ({ name: f.table ?? f.tableName, rows: f.rows, columns: f.columns.map((name) => ({ name })) })),
        tables,
      ),
    })),
  };
}

function tableDefinitions(file: string | undefined): TableDefinition[] {
  if (!file) return REFERENCE_TABLES;
  return applyTableMap(JSON.parse(readFileSync(file, 'utf8')) as TableMap);
}

interface InventoryOptions {
  mssql?: string | true;
  csv?: string;
  json?: boolean;
  out?: string;
  tableMap?: string;
  database?: string;
}

async function runInventory(opts: InventoryOptions): Promise<void> {
  if ((opts.mssql === undefined) === (opts.csv === undefined)) throw new CliError('name one source: --mssql <url> or --csv <folder>', EXIT.USAGE);
  const tables = tableDefinitions(opts.tableMap);
  let text: string;
  if (opts.csv !== undefined) {
    const report = await csvInventoryReport(opts.csv, tables);
    text = opts.json ? JSON.stringify(report, null, 2) : formatCsvInventory(report);
  } else {
    // `--mssql` alone reads MSSQL_URL, which keeps the password off the command line (and out of `ps`).
    const url = opts.mssql === true ? process.env['MSSQL_URL'] : opts.mssql;
    if (!url) throw new CliError('--mssql without a URL reads MSSQL_URL, which is not set', EXIT.PRECONDITION);
    const queries = await MssqlInventoryQueries.connect(url);
    try {
      const databases = opts.database?.split(',').map((d) => d.trim()).filter(Boolean);
      const report = await sqlServerInventoryReport(queries, { target: describeMssqlTarget(mssqlConfigFromUrl(url)), tables, ...(databases ? { databases } : {}) });
      text = opts.json ? JSON.stringify(report, null, 2) : formatSqlServerInventory(report);
    } finally {
      await queries.close();
    }
  }
  if (opts.out) {
    writeFileSync(opts.out, `${text}\n`);
    console.log(`inventory written to ${opts.out}`);
  } else {
    console.log(text);
  }
}

export function registerSourceCommands(program: Command): void {
  const source = program.command('source').description('the PANDA source: what it holds and how to capture it');
  source
    .command('inventory')
    .description('tables, columns, row counts and capture options of a PANDA SQL Server or CSV export, mapped onto the model')
    .option('--mssql [url]', 'SQL Server: mssql://user:password@host[:port][/database]?encrypt=false or an ADO.NET string (no value: MSSQL_URL)')
    .option('--csv <folder>', 'a CSV export: <folder>/<database>/<Table>.csv')
    .option('--database <names>', 'SQL Server databases to inventory, comma-separated (default: the URL’s, else every user database)')
    .option('--table-map <file>', 'JSON table map of a real install (default: PANDA_TABLE_MAP_FILE, else the reference model)', process.env['PANDA_TABLE_MAP_FILE'])
    .option('--json', 'print JSON for machines')
    .option('--out <file>', 'write the output to a file instead of printing it')
    .action(async (opts: InventoryOptions) => runInventory(opts));
}
