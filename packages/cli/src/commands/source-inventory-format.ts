import type { ColumnProfile } from '@panda2zoho/extractor/csv';
import type { CsvInventoryReport, SqlServerInventoryReport } from './source-inventory.ts';
import type { ModelCoverage, ModelTableCoverage } from './source-inventory-model.ts';

/** Columns padded to their widest cell; numbers right-aligned. */
export function textTable(header: string[], rows: string[][], numeric: number[] = []): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (numeric.includes(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

const gb = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(2)} GB`;
const count = (n: number | null) => (n === null ? '-' : String(n));
const percent = (share: number) => `${Math.round(share * 100)}%`;

function coverageNotes(t: ModelTableCoverage): string {
  const notes: string[] = [];
  if (t.note) notes.push(t.note);
  if (t.found === null) return notes.join('; ');
  if (t.columns.missing.length) notes.push(`missing: ${t.columns.missing.join(', ')}`);
  if (t.columns.unknown.length) notes.push(`unknown: ${t.columns.unknown.join(', ')}`);
  if (t.columns.excluded.length) notes.push(`excluded (never migrated): ${t.columns.excluded.join(', ')}`);
  for (const d of t.columns.typeDiffers) notes.push(`${d.column} is ${d.source}, model ${d.model}`);
  return notes.join('; ');
}

/** The model coverage of one database or export location, then the source's tables the model does not know. */
export function formatCoverage(model: ModelCoverage, indent = '  '): string[] {
  const rows = model.tables.map((t) => [
    t.entity,
    t.table,
    t.found === null ? (t.migrate ? 'MISSING' : 'absent') : 'found',
    count(t.rows),
    t.found === null ? '' : `${t.columns.known.length}/${t.columns.missing.length}/${t.columns.unknown.length}`,
    coverageNotes(t),
  ]);
  const lines = textTable(['entity', 'table', 'status', 'rows', 'cols known/missing/unknown', 'notes'], rows, [3]);
  lines.push(`migrated tables found ${model.summary.migratedFound}, missing ${model.summary.migratedMissing}`);
  if (model.unknownTables.length > 0) {
    lines.push('not in the model (inventoried only):');
    lines.push(...textTable(['table', 'rows', 'columns'], model.unknownTables.map((t) => [t.name, count(t.rows), String(t.columns.length)]), [1, 2]).map((l) => `  ${l}`));
  }
  return lines.map((l) => `${indent}${l}`);
}

export function formatSqlServerInventory(report: SqlServerInventoryReport): string {
  const out = [`SQL Server ${report.target}`, `Capture: ${report.capture.recommendation === 'CDC' ? 'CDC (Debezium)' : 'Change Tracking poller'}`];
  out.push(...report.capture.conclusions.map((c) => `  - ${c}`));
  if (report.capture.warnings.length > 0) out.push('Warnings:', ...report.capture.warnings.map((w) => `  ! ${w}`));
  for (const db of report.databases) {
    out.push(
      '',
      `Database ${db.name}: data ${gb(db.dataBytes)}, log ${gb(db.logBytes)}, Change Tracking ${db.changeTracking.enabled ? `on (${db.changeTracking.retention})` : 'off'}, snapshot isolation ${db.snapshotIsolation}, CDC ${db.cdcEnabled ? 'on' : 'off'}`,
    );
    out.push(...formatCoverage(db.model));
  }
  if (report.databases.length === 0) out.push('', 'No user database found (name one with --database, or check the login’s permissions).');
  return out.join('\n');
}

function profileSummary(p: ColumnProfile): string {
  const shares = Object.entries(p.shares)
    .filter(([, share]) => share > 0)
    .map(([kind, share]) => `${kind} ${percent(share)}`);
  return shares.join(', ');
}

export function formatCsvInventory(report: CsvInventoryReport): string {
  const out = [`CSV export ${report.folder}`];
  for (const location of report.locations) {
    out.push('', `Location ${location.database}`);
    const files = location.files.map((f) => [f.file, f.table ?? '(unknown)', f.encoding ?? '-', f.delimiter ?? '-', String(f.rows), String(f.badRows), String(f.columns.length)]);
    out.push(...textTable(['file', 'table', 'encoding', 'delimiter', 'rows', 'bad rows', 'columns'], files, [4, 5, 6]).map((l) => `  ${l}`));
    out.push('', '  Model coverage');
    out.push(...formatCoverage(location.model, '    '));
    for (const file of location.files.filter((f) => f.profiles.length > 0)) {
      out.push('', `  Value profiles: ${file.file}`);
      const rows = file.profiles.map((p) => [p.column, String(p.filled), String(p.empty), `${p.distinct}${p.distinctCapped ? '+' : ''}`, profileSummary(p)]);
      out.push(...textTable(['column', 'filled', 'empty', 'distinct', 'looks like'], rows, [1, 2, 3]).map((l) => `    ${l}`));
    }
  }
  if (report.locations.length === 0) out.push('', 'No CSV file found (expected <folder>/<database>/<Table>.csv).');
  return out.join('\n');
}
