import { CanonicalValueError, type CanonicalValue } from './canonical-value.ts';
import type { SqlType, TableDefinition } from './table-definition.ts';

export interface CanonicalRecord {
  /** Primary-key values joined with '|', e.g. '1042' or '77|3|MB'. */
  sourceKey: string;
  fields: Record<string, CanonicalValue>;
}

export type RecordResult = { kind: 'ok'; record: CanonicalRecord } | { kind: 'invalid'; reason: string };

/** The token of an excluded column's value; never throws with the value (it is outside the migration anyway). */
function tokenOf(tokenise: (value: string) => string, read: () => CanonicalValue): string | null {
  let value: CanonicalValue;
  try {
    value = read();
  } catch (error) {
    if (error instanceof CanonicalValueError) return null;
    throw error;
  }
  if (value === null || typeof value === 'object' || String(value).trim() === '') return null;
  return tokenise(String(value));
}

/**
 * A source row (however an input typed it) → canonical fields, by the table definition. Columns marked
 * excluded (minimum necessary: SSN) are dropped here, before anything reaches Kafka; one the
 * configuration tokenises becomes `<field>Token` (its token; an unreadable or empty value: null). Unknown columns
 * are ignored (a newer PANDA version may add some; the inventory reports them). Reasons name columns
 * and types, never values.
 */
export function toCanonicalRecord<V>(
  table: TableDefinition,
  raw: (column: string) => V,
  decode: (type: SqlType, value: V) => CanonicalValue,
): RecordResult {
  const fields: Record<string, CanonicalValue> = {};
  for (const column of table.columns) {
    if (column.excluded) {
      const { tokenise } = column;
      if (tokenise) fields[`${column.field}Token`] = tokenOf(tokenise, () => decode(column.type, raw(column.column)));
      continue;
    }
    try {
      fields[column.field] = decode(column.type, raw(column.column));
    } catch (error) {
      if (error instanceof CanonicalValueError) return { kind: 'invalid', reason: `${table.table}.${column.column}: ${error.message}` };
      throw error;
    }
  }
  const keyParts: string[] = [];
  for (const column of table.primaryKey) {
    const field = table.columns.find((c) => c.column === column)?.field;
    const value = field === undefined ? null : fields[field];
    if (value === null || value === undefined) return { kind: 'invalid', reason: `${table.table}: primary key column ${column} is missing` };
    keyParts.push(String(value));
  }
  return { kind: 'ok', record: { sourceKey: keyParts.join('|'), fields } };
}
