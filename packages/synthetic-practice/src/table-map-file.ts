import { readFileSync } from 'node:fs';
import { applyTableMap, REFERENCE_TABLES, TableMapError, type TableDefinition, type TableMap } from '@panda2zoho/panda-model';

/**
 * The table definitions for a real install's names: a table map JSON file (PANDA_TABLE_MAP_FILE's
 * format) applied to the reference model; no file, the reference model itself.
 */
export function tablesFromMapFile(file: string | undefined): TableDefinition[] {
  if (!file) return REFERENCE_TABLES;
  let map: unknown;
  try {
    map = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    throw new TableMapError(`table map ${file} is not readable JSON`, { cause: error });
  }
  if (typeof map !== 'object' || map === null || Array.isArray(map)) throw new TableMapError(`table map ${file} must be a JSON object`);
  return applyTableMap(map as TableMap);
}
