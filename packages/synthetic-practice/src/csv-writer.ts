import path from 'node:path';
import type { TableDefinition } from '@panda2zoho/panda-model';
import { BufferedFile } from './buffered-file.ts';
import { changeOutcome, finalState } from './change-phase.ts';
import { csvLine, csvText } from './csv-format.ts';
import { generatePractice } from './generate-practice.ts';
import { locationDatabase, resolveSpec, type PracticeSpec } from './practice-spec.ts';

export interface WrittenOutput {
  files: string[];
  /** Rows written (CSV) or statements' rows (SQL). */
  rows: number;
}

const BOM = '\uFEFF';

/**
 * The practice as a SQL Server CSV export: `<out>/<database>/<Table>.csv`, a header of column names,
 * RFC 4180 quoting, UTF-8 with a BOM, CRLF. An export is a snapshot, so the change phase is applied:
 * updated rows appear in their final state, deleted rows not at all, inserted rows at the end.
 */
export function writePracticeCsv(input: PracticeSpec, outDir: string): WrittenOutput {
  const spec = resolveSpec(input);
  const outcome = changeOutcome(spec);
  const tables = spec.tables.filter((t) => spec.entities.has(t.entity));
  const files = new Map<string, BufferedFile>();
  const columns = new Map<string, Array<{ field: string; type: TableDefinition['columns'][number]['type'] }>>();
  for (let loc = 0; loc < spec.locations; loc++) {
    for (const table of tables) {
      const file = new BufferedFile(path.join(outDir, locationDatabase(loc), `${table.table}.csv`));
      file.write(BOM + csvLine(table.columns.map((c) => c.column)));
      files.set(`${locationDatabase(loc)}|${table.table}`, file);
    }
  }
  for (const table of tables) columns.set(table.table, table.columns.map((c) => ({ field: c.field, type: c.type })));
  let rows = 0;
  try {
    for (const row of generatePractice(input)) {
      // Updates and deletes are already folded into the snapshot rows they touch.
      if (row.op === 'u' || row.op === 'd') continue;
      const values = finalState(outcome, row);
      if (values === null) continue;
      const file = files.get(`${row.database}|${row.table.table}`)!;
      file.write(csvLine(columns.get(row.table.table)!.map((c) => csvText(c.type, values[c.field] ?? null))));
      rows++;
    }
  } finally {
    for (const file of files.values()) file.close();
  }
  return { files: [...files.values()].map((f) => f.file), rows };
}
