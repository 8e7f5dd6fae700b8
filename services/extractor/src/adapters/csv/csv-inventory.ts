import type { TableDefinition } from '@panda2zoho/panda-model';
import { delimiterName } from './csv-delimiter.ts';
import type { CsvEncoding } from './csv-encoding.ts';
import { listCsvExport, type CsvExportFile } from './csv-export-folder.ts';
import { openCsvFile } from './csv-records.ts';
import { ColumnProfiler, type ColumnProfile } from './csv-value-profile.ts';

/** One file of a CSV export, as `source inventory` reports it: shape and value profiles, never values. */
export interface CsvFileInventory {
  file: string;
  /** The file name without .csv. */
  tableName: string;
  /** The table it resolved to (the table map applied), if any. */
  table: string | null;
  encoding: CsvEncoding | null;
  delimiter: string | null;
  /** Records after the header (a record may span lines). */
  rows: number;
  /** Records whose number of values differs from the header's, or that are malformed. */
  badRows: number;
  columns: string[];
  profiles: ColumnProfile[];
}

export interface CsvLocationInventory {
  database: string;
  files: CsvFileInventory[];
}

async function inventoryFile(file: CsvExportFile): Promise<CsvFileInventory> {
  const base = { file: file.relativePath, tableName: file.tableName, table: file.table?.table ?? null };
  const opened = await openCsvFile(file.absolutePath);
  if (!opened) return { ...base, encoding: null, delimiter: null, rows: 0, badRows: 0, columns: [], profiles: [] };
  const profilers = opened.header.map((column) => new ColumnProfiler(column));
  let rows = 0;
  let badRows = 0;
  for await (const record of opened.records) {
    rows++;
    if (record.kind === 'malformed' || record.fields.length !== opened.header.length) badRows++;
    if (record.kind === 'record') record.fields.forEach((value, i) => profilers[i]?.add(value));
  }
  return {
    ...base,
    encoding: opened.encoding,
    delimiter: delimiterName(opened.delimiter),
    rows,
    badRows,
    columns: opened.header,
    profiles: profilers.map((p) => p.profile()),
  };
}

/**
 * Every file of an export folder (`<folder>/<database>/<Table>.csv`), unknown tables included: the
 * mapping proposal needs their profiles most. Streamed file by file; memory holds the profilers only.
 */
export async function inventoryCsvExport(folder: string, tables: TableDefinition[]): Promise<CsvLocationInventory[]> {
  const locations = new Map<string, CsvFileInventory[]>();
  for (const file of await listCsvExport(folder, tables)) {
    const files = locations.get(file.database) ?? [];
    files.push(await inventoryFile(file));
    locations.set(file.database, files);
  }
  return [...locations].map(([database, files]) => ({ database, files }));
}
