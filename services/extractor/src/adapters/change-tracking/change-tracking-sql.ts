import type { TableDefinition } from '@panda2zoho/panda-model';
import { CT_OPERATION_COLUMN, CT_VERSION_COLUMN, ctKeyAlias } from '../../domain/change-tracking-rows.ts';

// The T-SQL of the Change Tracking read loop (reference §4). Identifiers come from the table map, so
// they are bracket-quoted; values travel as parameters.

export function quoteName(name: string): string {
  return `[${name.replaceAll(']', ']]')}]`;
}

export function qualifiedTable(table: string): string {
  return `dbo.${quoteName(table)}`;
}

/** @table: the qualified name. OBJECT_ID is null for a missing table or one this login cannot see. */
export const TABLE_VERSIONS_SQL =
  'SELECT OBJECT_ID(@table) AS objectId, CHANGE_TRACKING_MIN_VALID_VERSION(OBJECT_ID(@table)) AS minValidVersion';

export const CURRENT_VERSION_SQL = 'SELECT CHANGE_TRACKING_CURRENT_VERSION() AS currentVersion';

/**
 * @fromVersion, @toVersion (BIGINT). The LEFT OUTER JOIN keeps deletes (their T columns are null);
 * CT's key columns are aliased so they never collide with T.*. The upper bound keeps the read at the
 * version the checkpoint will record, even if the snapshot let a later change through.
 */
export function changesSql(table: TableDefinition): string {
  const name = qualifiedTable(table.table);
  const keys = table.primaryKey.map(quoteName);
  const ctKeys = keys.map((k, i) => `CT.${k} AS ${quoteName(ctKeyAlias(i))}`).join(', ');
  const join = keys.map((k) => `T.${k} = CT.${k}`).join(' AND ');
  return [
    `SELECT CT.${CT_VERSION_COLUMN}, CT.${CT_OPERATION_COLUMN}, ${ctKeys}, T.*`,
    `FROM CHANGETABLE(CHANGES ${name}, @fromVersion) AS CT`,
    `LEFT OUTER JOIN ${name} AS T ON ${join}`,
    `WHERE CT.${CT_VERSION_COLUMN} <= @toVersion`,
    `ORDER BY CT.${CT_VERSION_COLUMN}, ${keys.map((k) => `CT.${k}`).join(', ')}`,
  ].join('\n');
}

/** The re-initialisation: every current row, in key order (deterministic, and the clustered index order in PANDA). */
export function reloadSql(table: TableDefinition): string {
  return `SELECT * FROM ${qualifiedTable(table.table)} ORDER BY ${table.primaryKey.map(quoteName).join(', ')}`;
}
