import { ENTITIES, type EntityName, type TableDefinition } from './table-definition.ts';
import { REFERENCE_TABLES } from './reference-tables.ts';

/**
 * A real install's names, mapped onto the reference model: per entity, its table name and any column
 * renames (canonical field → column). Unlisted entities and fields keep the reference names.
 * Loaded from a JSON file (PANDA_TABLE_MAP_FILE); `{}` means "the reference schema".
 */
export interface TableMap {
  tables?: Partial<Record<EntityName, { table?: string; columns?: Record<string, string> }>>;
}

export class TableMapError extends Error {
  readonly code = 'TABLE_MAP_INVALID';
}

export function applyTableMap(map: TableMap, reference: TableDefinition[] = REFERENCE_TABLES): TableDefinition[] {
  const problems: string[] = [];
  for (const entity of Object.keys(map.tables ?? {})) {
    if (!(ENTITIES as readonly string[]).includes(entity)) problems.push(`unknown entity ${entity}`);
  }
  const tables = reference.map((table) => {
    const override = map.tables?.[table.entity];
    if (!override) return table;
    const renames = override.columns ?? {};
    for (const field of Object.keys(renames)) {
      if (!table.columns.some((c) => c.field === field)) problems.push(`${table.entity}: unknown field ${field}`);
    }
    const columns = table.columns.map((c) => ({ ...c, column: renames[c.field] ?? c.column }));
    const rename = (column: string) => columns[table.columns.findIndex((c) => c.column === column)]!.column;
    return { ...table, table: override.table ?? table.table, columns, primaryKey: table.primaryKey.map(rename) };
  });
  if (problems.length > 0) throw new TableMapError(`table map: ${problems.join('; ')}`);
  return tables;
}

export function tableByName(tables: TableDefinition[], name: string): TableDefinition | undefined {
  const lower = name.toLowerCase();
  return tables.find((t) => t.table.toLowerCase() === lower);
}

export function tableForEntity(tables: TableDefinition[], entity: EntityName): TableDefinition {
  const table = tables.find((t) => t.entity === entity);
  if (!table) throw new TableMapError(`no table for entity ${entity}`);
  return table;
}
