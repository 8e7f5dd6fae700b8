import type { CanonicalValue, SqlType, TableDefinition } from '@panda2zoho/panda-model';

/** `[name]`, with `]` doubled: any table or column name a table map brings is safe. */
export function quoteName(name: string): string {
  return `[${name.replaceAll(']', ']]')}]`;
}

/**
 * A stored value as a T-SQL literal: N'' strings with quotes doubled, CONVERT with an explicit style
 * for dates and stamps (so neither DATEFORMAT nor LANGUAGE changes them), 0x hex for binary.
 */
export function sqlLiteral(type: SqlType, value: CanonicalValue): string {
  if (value === null) return 'NULL';
  switch (type.kind) {
    case 'bit':
      return value ? '1' : '0';
    case 'int':
    case 'smallint':
    case 'tinyint':
    case 'bigint':
    case 'decimal':
      return String(value);
    case 'date':
      return `CONVERT(date, '${String(value)}', 23)`;
    case 'datetime':
      return `CONVERT(datetime, '${String(value)}', 126)`;
    case 'datetime2':
      return `CONVERT(datetime2(${type.precision}), '${String(value)}', 126)`;
    case 'varbinary':
      return `0x${(value as Buffer).toString('hex').toUpperCase()}`;
    case 'uniqueidentifier':
      return `'${String(value)}'`;
    case 'nvarchar':
      return `N'${String(value).replaceAll("'", "''")}'`;
    case 'varchar':
      return `'${String(value).replaceAll("'", "''")}'`;
  }
}

export function valuesTuple(table: TableDefinition, row: Record<string, CanonicalValue>): string {
  return `(${table.columns.map((c) => sqlLiteral(c.type, row[c.field] ?? null)).join(', ')})`;
}

export function insertHead(table: TableDefinition): string {
  return `INSERT INTO [dbo].${quoteName(table.table)} (${table.columns.map((c) => quoteName(c.column)).join(', ')}) VALUES`;
}

function keyPredicate(table: TableDefinition, row: Record<string, CanonicalValue>): string {
  return table.primaryKey
    .map((name) => {
      const column = table.columns.find((c) => c.column === name)!;
      return `${quoteName(name)} = ${sqlLiteral(column.type, row[column.field] ?? null)}`;
    })
    .join(' AND ');
}

/** The change phase as DML: a CDC-enabled database loading this script records the same c/u/d events. */
export function updateStatement(table: TableDefinition, after: Record<string, CanonicalValue>): string {
  const sets = table.columns.filter((c) => !table.primaryKey.includes(c.column)).map((c) => `${quoteName(c.column)} = ${sqlLiteral(c.type, after[c.field] ?? null)}`);
  return `UPDATE [dbo].${quoteName(table.table)} SET ${sets.join(', ')} WHERE ${keyPredicate(table, after)};`;
}

export function deleteStatement(table: TableDefinition, before: Record<string, CanonicalValue>): string {
  return `DELETE FROM [dbo].${quoteName(table.table)} WHERE ${keyPredicate(table, before)};`;
}
