import { readFileSync } from 'node:fs';
import { applyTableMap, REFERENCE_TABLES, type TableDefinition, type TableMap } from '@panda2zoho/panda-model';

/** The install's table definitions: the reference model, renamed by the table map file when one is configured. */
export function loadTableDefinitions(file: string | undefined): TableDefinition[] {
  if (!file) return REFERENCE_TABLES;
  return applyTableMap(JSON.parse(readFileSync(file, 'utf8')) as TableMap);
}
