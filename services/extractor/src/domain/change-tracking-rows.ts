import { fromMssql, toCanonicalRecord, type TableDefinition } from '@panda2zoho/panda-model';
import type { CanonicalChange, ChangeOrProblem } from './canonical-change.ts';

/** One row as the mssql driver returned it (tedious, useUTC): column name → value. */
export type SourceRow = Readonly<Record<string, unknown>>;

export const CT_VERSION_COLUMN = 'SYS_CHANGE_VERSION';
export const CT_OPERATION_COLUMN = 'SYS_CHANGE_OPERATION';

/**
 * CHANGETABLE's key columns are selected under these aliases next to `T.*`: with the same names as
 * T's columns the driver would group both into an array, and on a delete only CT's copy is non-null.
 */
export function ctKeyAlias(index: number): string {
  return `__p2z_ct_key_${index}`;
}

/**
 * SQL Server BIGINT versions arrive as decimal strings (tedious) or numbers (recorded fixtures).
 * null stays null; anything else that is not a safe non-negative integer is refused.
 */
export function versionFromDriver(value: unknown): number | null | 'invalid' {
  if (value === null || value === undefined) return null;
  const text = typeof value === 'bigint' || typeof value === 'number' ? value.toString() : typeof value === 'string' ? value.trim() : '';
  if (!/^\d+$/.test(text)) return 'invalid';
  const version = Number(text);
  return Number.isSafeInteger(version) ? version : 'invalid';
}

/** Reads a row by the table definition's column names, case-insensitively (a table map need not match the server's case). */
export type ColumnReader = (row: SourceRow, column: string) => unknown;

export function columnReader(): ColumnReader {
  let byLowerName: Map<string, string> | undefined;
  return (row, column) => {
    if (column in row) return row[column];
    // Every row of a result set has the same keys: resolve the names once.
    byLowerName ??= new Map(Object.keys(row).map((k) => [k.toLowerCase(), k]));
    const actual = byLowerName.get(column.toLowerCase());
    return actual === undefined ? undefined : row[actual];
  };
}

/** Migrated columns of the definition the result set does not have (they would read as null). */
export function missingColumns(table: TableDefinition, row: SourceRow): string[] {
  const present = new Set(Object.keys(row).map((k) => k.toLowerCase()));
  return table.columns.filter((c) => !c.excluded && !present.has(c.column.toLowerCase())).map((c) => c.column);
}

export interface ChangeTrackingRowContext {
  locationId: string;
  table: TableDefinition;
  read: ColumnReader;
}

function change(ctx: ChangeTrackingRowContext, sourceKey: string, position: string, fields: CanonicalChange['fields']): ChangeOrProblem {
  return {
    kind: 'change',
    change: {
      entity: ctx.table.entity,
      locationId: ctx.locationId,
      sourceSystem: 'CHANGE_TRACKING',
      sourceTable: `dbo.${ctx.table.table}`,
      sourceKey,
      sourcePosition: position,
      // CT records no commit time; sys.dm_tran_commit_table has it but needs VIEW SERVER STATE.
      sourceCommittedAtMs: null,
      operation: fields === null ? 'DELETE' : 'UPSERT',
      fields,
    },
  };
}

function upsert(row: SourceRow, ctx: ChangeTrackingRowContext, position: string): ChangeOrProblem {
  const result = toCanonicalRecord(ctx.table, (column) => ctx.read(row, column), fromMssql);
  if (result.kind === 'invalid') return { kind: 'unreadable', code: 'UNREADABLE_VALUE', reason: result.reason, position };
  return change(ctx, result.record.sourceKey, position, result.record.fields);
}

/** CT's own copy of the primary key (present for deletes too), canonicalised like the row's. */
function trackedKey(row: SourceRow, table: TableDefinition): string | null {
  const parts: string[] = [];
  for (const [index, column] of table.primaryKey.entries()) {
    const type = table.columns.find((c) => c.column === column)?.type;
    const value = type === undefined ? null : fromMssql(type, row[ctKeyAlias(index)]);
    if (value === null) return null;
    parts.push(String(value));
  }
  return parts.join('|');
}

/**
 * A CHANGETABLE(CHANGES …) row joined to the table → a canonical change. A delete carries the key
 * only (fields null: CT keeps no before-image). An insert or update whose row is absent from the
 * join is a delete too: the row is gone at the snapshot the changes were read in.
 */
export function changeFromTrackedRow(row: SourceRow, ctx: ChangeTrackingRowContext): ChangeOrProblem {
  const version = versionFromDriver(row[CT_VERSION_COLUMN]);
  const table = ctx.table.table;
  if (version === null || version === 'invalid') {
    return { kind: 'unreadable', code: 'INVALID_CHANGE_VERSION', reason: `dbo.${table}: ${CT_VERSION_COLUMN} is not a version`, position: `${table}@?` };
  }
  const position = `${table}@${version}`;
  const operation = row[CT_OPERATION_COLUMN];
  if (operation !== 'I' && operation !== 'U' && operation !== 'D') {
    return { kind: 'unreadable', code: 'INVALID_CHANGE_OPERATION', reason: `dbo.${table}: ${CT_OPERATION_COLUMN} is not I, U or D`, position };
  }
  let key: string | null;
  try {
    key = trackedKey(row, ctx.table);
  } catch {
    return { kind: 'unreadable', code: 'UNREADABLE_VALUE', reason: `dbo.${table}: a primary key column of the change table is unreadable`, position };
  }
  if (key === null) return { kind: 'unreadable', code: 'MISSING_PRIMARY_KEY', reason: `dbo.${table}: the change table row has no primary key`, position };
  const rowPresent = ctx.table.primaryKey.every((column) => ctx.read(row, column) !== null && ctx.read(row, column) !== undefined);
  if (operation === 'D' || !rowPresent) return change(ctx, key, position, null);
  return upsert(row, ctx, position);
}

/** A row of the full reload (re-initialisation) at `version` → an UPSERT. */
export function changeFromReloadedRow(row: SourceRow, ctx: ChangeTrackingRowContext, version: number): ChangeOrProblem {
  return upsert(row, ctx, `${ctx.table.table}@${version}`);
}
