import { fromCsvText, toCanonicalRecord, type TableDefinition } from '@panda2zoho/panda-model';
import type { ChangeOrProblem } from '../../domain/canonical-change.ts';
import { delimiterName } from './csv-delimiter.ts';
import { listCsvExport, type CsvExportFile } from './csv-export-folder.ts';
import { openCsvFile, type CsvRecord } from './csv-records.ts';

/** What the reader tells about the export beside its rows: facts for the operator, not errors. */
export interface CsvNotice {
  kind: 'notice';
  code: 'FILE_FORMAT' | 'UNKNOWN_TABLE' | 'NOT_MIGRATED' | 'UNKNOWN_COLUMNS' | 'MISSING_COLUMNS' | 'EMPTY_FILE';
  /** Names files, lines and columns; never values. */
  reason: string;
  position: string;
}

export type CsvReadItem = ChangeOrProblem | CsvNotice;

export interface CsvExportReadOptions {
  /** `<folder>/<database>/<Table>.csv` */
  folder: string;
  /** The install's table definitions (the table map applied). */
  tables: TableDefinition[];
  /** PANDA database (folder name) → location id; by default the folder name is the location. */
  locationFor?: (database: string) => string;
}

/**
 * Every row of a CSV export as an UPSERT, file by file in name order. A row that cannot be read
 * yields a problem naming file, line and column and the reading goes on. Positions are
 * `<relative file>:<line>`, so a re-read of the same export yields the same event ids.
 * sourceCommittedAtMs is null: an export does not say when a row was committed, and the file's mtime
 * (the export time, which a copy changes) would make re-reads differ.
 */
export async function* readCsvExport(options: CsvExportReadOptions): AsyncGenerator<CsvReadItem> {
  const locationFor = options.locationFor ?? ((database: string) => database);
  for (const file of await listCsvExport(options.folder, options.tables)) {
    yield* readCsvExportFile(file, locationFor(file.database));
  }
}

/**
 * A header name as a report may show it. A damaged header (an unclosed quote swallows data rows into
 * it) can hold patient values, so anything that does not look like a column name is described, not quoted.
 */
function headerNameForReport(name: string): string {
  return /^[\p{L}_][\p{L}\p{N}_ #$]{0,63}$/u.test(name) ? name : `(not a column name: ${name.length} characters)`;
}

const notice = (code: CsvNotice['code'], reason: string, position: string): CsvNotice => ({ kind: 'notice', code, reason, position });

/** Header names → the index of each definition column (case-insensitive; the first of duplicates wins). */
export function matchHeader(table: TableDefinition, header: string[]) {
  const index = new Map<string, number>();
  header.forEach((name, i) => {
    const lower = name.toLowerCase();
    if (!index.has(lower)) index.set(lower, i);
  });
  const known = new Set(table.columns.map((c) => c.column.toLowerCase()));
  return {
    indexOf: (column: string) => index.get(column.toLowerCase()),
    unknown: header.filter((name) => !known.has(name.toLowerCase())),
    missing: table.columns.filter((c) => !c.excluded && !index.has(c.column.toLowerCase())).map((c) => c.column),
    missingKey: table.primaryKey.filter((c) => !index.has(c.toLowerCase())),
  };
}

export async function* readCsvExportFile(file: CsvExportFile, locationId: string): AsyncGenerator<CsvReadItem> {
  const at = file.relativePath;
  const table = file.table;
  if (!table) {
    yield notice('UNKNOWN_TABLE', `${at}: ${file.tableName} is not a table of the model or the table map; file skipped`, at);
    return;
  }
  if (!table.migrate) {
    yield notice('NOT_MIGRATED', `${at}: ${table.table} is inventoried, never migrated; file skipped`, at);
    return;
  }
  const opened = await openCsvFile(file.absolutePath);
  if (!opened) {
    yield notice('EMPTY_FILE', `${at}: no header line; file skipped`, at);
    return;
  }
  yield notice('FILE_FORMAT', `${at}: ${opened.encoding}, delimiter ${delimiterName(opened.delimiter)}, ${opened.header.length} columns`, `${at}:1`);
  if (opened.header.some((name) => /[\r\n]/.test(name))) {
    // A quote opened in the header and closed lines later: the "header" holds data rows.
    yield { kind: 'unreadable', code: 'MALFORMED_HEADER', reason: `${at} line 1: the header line is damaged (a quote in it spans several lines); file skipped`, position: `${at}:1` };
    opened.close();
    return;
  }
  const header = matchHeader(table, opened.header);
  if (header.missingKey.length > 0) {
    // Often an export without its header line: the first "names" would be a patient's values, so none is quoted.
    yield { kind: 'unreadable', code: 'MISSING_KEY_COLUMN', reason: `${at} line 1: no primary key column ${header.missingKey.join(', ')} (is the header line missing?); file skipped`, position: `${at}:1` };
    opened.close();
    return;
  }
  if (header.unknown.length > 0) yield notice('UNKNOWN_COLUMNS', `${at}: columns not in the model, ignored: ${header.unknown.map(headerNameForReport).join(', ')}`, `${at}:1`);
  if (header.missing.length > 0) yield notice('MISSING_COLUMNS', `${at}: columns of the model absent, read as null: ${header.missing.join(', ')}`, `${at}:1`);

  const context = { table, locationId, at, width: opened.header.length, indexOf: header.indexOf };
  for await (const record of opened.records) yield rowToItem(record, context);
}

interface RowContext {
  table: TableDefinition;
  locationId: string;
  at: string;
  width: number;
  indexOf: (column: string) => number | undefined;
}

function rowToItem(record: CsvRecord, ctx: RowContext): ChangeOrProblem {
  const position = `${ctx.at}:${record.line}`;
  const where = `${ctx.at} line ${record.line}`;
  if (record.kind === 'malformed') return { kind: 'unreadable', code: 'MALFORMED_CSV', reason: `${where}: ${record.code} (a quote is never closed)`, position };
  if (record.fields.length !== ctx.width) {
    return { kind: 'unreadable', code: 'WRONG_COLUMN_COUNT', reason: `${where}: ${record.fields.length} values, the header has ${ctx.width}`, position };
  }
  const value = (column: string) => {
    const i = ctx.indexOf(column);
    return i === undefined ? '' : (record.fields[i] ?? '');
  };
  const emptyKey = ctx.table.primaryKey.find((column) => value(column).trim() === '');
  if (emptyKey !== undefined) return { kind: 'unreadable', code: 'MISSING_PRIMARY_KEY', reason: `${where} column ${emptyKey}: primary key value is empty`, position };
  const result = toCanonicalRecord(ctx.table, value, fromCsvText);
  if (result.kind === 'invalid') return { kind: 'unreadable', code: 'UNREADABLE_VALUE', reason: `${where} column ${result.reason}`, position };
  return {
    kind: 'change',
    change: {
      entity: ctx.table.entity,
      locationId: ctx.locationId,
      sourceSystem: 'CSV_EXPORT',
      sourceTable: `dbo.${ctx.table.table}`,
      sourceKey: result.record.sourceKey,
      sourcePosition: position,
      sourceCommittedAtMs: null,
      operation: 'UPSERT',
      fields: result.record.fields,
    },
  };
}
