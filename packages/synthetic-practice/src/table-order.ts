import type { TableDefinition } from '@panda2zoho/panda-model';

/**
 * Tables with every referenced (parent) table before them, for CREATE TABLE and INSERT order.
 * Self-references (PerioExams.ComparedToExamID) do not constrain the order; ties keep model order.
 */
export function dependencyOrder(tables: readonly TableDefinition[]): TableDefinition[] {
  const byEntity = new Map(tables.map((t) => [t.entity, t]));
  const ordered: TableDefinition[] = [];
  const visiting = new Set<TableDefinition>();
  const visit = (table: TableDefinition) => {
    if (ordered.includes(table)) return;
    if (visiting.has(table)) throw new Error(`reference cycle through ${table.table}`);
    visiting.add(table);
    for (const ref of table.references ?? []) {
      const parent = byEntity.get(ref.entity);
      if (parent && parent !== table) visit(parent);
    }
    visiting.delete(table);
    ordered.push(table);
  };
  for (const table of tables) visit(table);
  return ordered;
}
