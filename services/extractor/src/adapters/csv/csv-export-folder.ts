import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { PermanentError } from '@panda2zoho/kafka';
import { tableByName, type TableDefinition } from '@panda2zoho/panda-model';

/** One `<database>/<Table>.csv` of an export folder. */
export interface CsvExportFile {
  /** The PANDA database the folder is named after: the practice location. */
  database: string;
  /** Relative to the export folder, with '/' separators: the position prefix of its rows. */
  relativePath: string;
  absolutePath: string;
  /** The file name without `.csv`. */
  tableName: string;
  /** Resolved through the table definitions (so the table map), case-insensitively; undefined when unknown. */
  table: TableDefinition | undefined;
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

async function entries(folder: string) {
  try {
    return (await readdir(folder, { withFileTypes: true })).sort((a, b) => byName(a.name, b.name));
  } catch (error) {
    throw new PermanentError('CSV_FOLDER_UNREADABLE', `cannot read the CSV export folder ${folder}`, { cause: error });
  }
}

function isCsv(name: string): boolean {
  return name.toLowerCase().endsWith('.csv');
}

/**
 * The files of an export folder, laid out `<folder>/<database>/<Table>.csv` (one folder per PANDA
 * database). A folder holding CSV files itself is one database, named after the folder. Sorted, so
 * that every run reads in the same order. Other files and deeper folders are ignored.
 */
export async function listCsvExport(folder: string, tables: TableDefinition[]): Promise<CsvExportFile[]> {
  const root = path.resolve(folder);
  const top = await entries(root);
  const file = (database: string, dir: string, name: string, relativeDir: string | null): CsvExportFile => {
    const tableName = name.slice(0, -'.csv'.length);
    return {
      database,
      relativePath: relativeDir === null ? name : `${relativeDir}/${name}`,
      absolutePath: path.join(dir, name),
      tableName,
      table: tableByName(tables, tableName),
    };
  };
  const found: CsvExportFile[] = top.filter((e) => e.isFile() && isCsv(e.name)).map((e) => file(path.basename(root), root, e.name, null));
  for (const dir of top.filter((e) => e.isDirectory())) {
    const databaseDir = path.join(root, dir.name);
    for (const e of await entries(databaseDir)) {
      if (e.isFile() && isCsv(e.name)) found.push(file(dir.name, databaseDir, e.name, dir.name));
    }
  }
  return found;
}
