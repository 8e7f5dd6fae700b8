import type { EntityName, TableMap } from '@panda2zoho/panda-model';
import type { MappingDocument } from './mapping-document.ts';

/**
 * The extractor's table map (`PANDA_TABLE_MAP_FILE`) from a mapping file: per mapped entity, the
 * source table name and the column of each mapped canonical field. Excluded and unmapped columns are
 * left out, so the extractor ignores them (it never reads a column the map does not name). An entity
 * mapped from several source tables keeps the first (the extractor reads one table per entity).
 */
export function tableMapOf(doc: MappingDocument): { map: TableMap; skipped: string[] } {
  const tables: NonNullable<TableMap['tables']> = {};
  const skipped: string[] = [];
  for (const table of doc.tables) {
    if (table.status !== 'mapped' || table.entity === null) continue;
    const entity: EntityName = table.entity;
    if (tables[entity]) {
      skipped.push(`${table.source} (${entity} already comes from ${tables[entity].table})`);
      continue;
    }
    const columns: Record<string, string> = {};
    for (const column of table.columns) {
      if (column.status === 'mapped' && column.field && !(column.field in columns)) columns[column.field] = column.source;
    }
    tables[entity] = { table: table.source, columns };
  }
  return { map: { tables }, skipped };
}
