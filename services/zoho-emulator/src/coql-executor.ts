// Runs a parsed COQL query against one module's records (in memory; fine at emulator scale).
import type { CoqlQuery, Condition, Literal } from './coql-parser.ts';
import type { FieldDefinition } from './field-definitions.ts';
import { zohoError, ZohoApiError } from './zoho-errors.ts';

export const COQL_MAX_LIMIT = 2000;
export const COQL_MAX_REACH = 100_000;
export const COQL_MAX_SELECT_FIELDS = 500;

export interface CoqlSource {
  moduleExists(module: string): boolean;
  fields(module: string): FieldDefinition[];
  /** Rendered records (values + id + system fields), any order. */
  records(module: string): Array<Record<string, unknown>>;
}

export type CoqlResult = { httpStatus: 200; body: { data: Array<Record<string, unknown>>; info: { count: number; more_records: boolean } } } | { httpStatus: 204 };

function invalidQuery(message: string, details: Record<string, unknown>): never {
  throw new ZohoApiError(400, zohoError('INVALID_QUERY', message, details));
}

function scalar(value: unknown): Literal {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'object' && !Array.isArray(value)) {
    const id = (value as Record<string, unknown>)['id'];
    return id === undefined ? null : String(id);
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value);
}

/** Equality is case-insensitive for text (Zoho's COQL collation is UNCONFIRMED). */
function equals(actual: Literal, wanted: Literal): boolean {
  if (actual === null || wanted === null) return false;
  if (typeof actual === 'number' && typeof wanted === 'number') return actual === wanted;
  return String(actual).toLowerCase() === String(wanted).toLowerCase();
}

function compare(actual: Literal, wanted: Literal): number | null {
  if (actual === null || wanted === null) return null;
  if (typeof actual === 'number' && typeof wanted === 'number') return actual - wanted;
  const a = String(actual);
  const b = String(wanted);
  return a < b ? -1 : a > b ? 1 : 0;
}

function matches(record: Record<string, unknown>, condition: Condition): boolean {
  switch (condition.kind) {
    case 'and':
      return matches(record, condition.left) && matches(record, condition.right);
    case 'or':
      return matches(record, condition.left) || matches(record, condition.right);
    case 'null':
      return (scalar(record[condition.field]) === null) !== condition.negate;
    case 'in': {
      const actual = scalar(record[condition.field]);
      if (actual === null) return false;
      return condition.values.some((v) => equals(actual, v)) !== condition.negate;
    }
    case 'compare': {
      const actual = scalar(record[condition.field]);
      // SQL-like: a missing value matches no comparison, including '!='.
      if (actual === null) return false;
      if (condition.operator === '=') return equals(actual, condition.value);
      if (condition.operator === '!=') return !equals(actual, condition.value);
      const diff = compare(actual, condition.value);
      if (diff === null) return false;
      if (condition.operator === '<') return diff < 0;
      if (condition.operator === '<=') return diff <= 0;
      if (condition.operator === '>') return diff > 0;
      return diff >= 0;
    }
  }
}

function conditionFields(condition: Condition): string[] {
  return 'field' in condition ? [condition.field] : [...conditionFields(condition.left), ...conditionFields(condition.right)];
}

/** COQL returns lookups and owners as {id} only. */
function project(record: Record<string, unknown>, fields: string[], byName: Map<string, FieldDefinition>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const name of fields) {
    const value = record[name] ?? null;
    const type = byName.get(name)?.data_type;
    row[name] = value !== null && (type === 'lookup' || type === 'ownerlookup' || type === 'userlookup')
      ? { id: (value as Record<string, unknown>)['id'] }
      : value;
  }
  row['id'] = record['id'];
  return row;
}

export function executeCoql(query: CoqlQuery, source: CoqlSource): CoqlResult {
  if (!source.moduleExists(query.module)) {
    throw new ZohoApiError(400, zohoError('INVALID_MODULE', 'the given module is not supported in api', {}));
  }
  const fields = source.fields(query.module);
  const byName = new Map(fields.map((f) => [f.api_name, f]));
  const known = (name: string): boolean => name === 'id' || byName.has(name);

  const selected = query.select.kind === 'fields' ? query.select.fields : [query.select.field];
  if (selected.length > COQL_MAX_SELECT_FIELDS) {
    throw new ZohoApiError(400, zohoError('LIMIT_EXCEEDED', 'limit exceeded', { limit: COQL_MAX_SELECT_FIELDS, param_name: 'select' }));
  }
  const seen = new Set<string>();
  for (const name of selected) {
    if (!known(name)) invalidQuery('invalid column given', { column_name: name });
    if (seen.has(name)) throw new ZohoApiError(400, zohoError('DUPLICATE_DATA', 'duplicate select column', { column_name: name }));
    seen.add(name);
  }
  for (const name of [...conditionFields(query.where), ...query.orderBy.map((o) => o.field)]) {
    if (!known(name)) invalidQuery('invalid column given', { column_name: name });
    if (byName.get(name)?.data_type === 'textarea') invalidQuery('unsupported column in criteria', { column_name: name });
  }
  if (query.limit < 1) throw new ZohoApiError(400, zohoError('INVALID_DATA', 'limit should be greater than 0', {}));
  // Error codes for the row caps are UNCONFIRMED; the caps themselves are documented (reference §2.3).
  if (query.limit > COQL_MAX_LIMIT) {
    throw new ZohoApiError(400, zohoError('LIMIT_EXCEEDED', 'limit exceeded', { limit: COQL_MAX_LIMIT, param_name: 'limit' }));
  }
  if (query.offset < 0 || query.offset + query.limit > COQL_MAX_REACH) {
    throw new ZohoApiError(400, zohoError('LIMIT_EXCEEDED', 'limit exceeded', { limit: COQL_MAX_REACH, param_name: 'offset' }));
  }

  const matching = source.records(query.module).filter((r) => matches(r, query.where));

  if (query.select.kind === 'count') {
    const field = query.select.field;
    const count = field === 'id' ? matching.length : matching.filter((r) => scalar(r[field]) !== null).length;
    return { httpStatus: 200, body: { data: [{ [`COUNT(${field})`]: count }], info: { count: 1, more_records: false } } };
  }

  const order = query.orderBy.length > 0 ? query.orderBy : [{ field: 'id', direction: 'asc' as const }];
  matching.sort((a, b) => {
    for (const { field, direction } of order) {
      const x = scalar(a[field]);
      const y = scalar(b[field]);
      const diff = x === y ? 0 : x === null ? -1 : y === null ? 1 : (compare(x, y) ?? 0);
      if (diff !== 0) return direction === 'asc' ? diff : -diff;
    }
    return 0;
  });
  const page = matching.slice(query.offset, query.offset + query.limit);
  if (page.length === 0) return { httpStatus: 204 };
  return {
    httpStatus: 200,
    body: {
      data: page.map((r) => project(r, query.select.kind === 'fields' ? query.select.fields : [], byName)),
      info: { count: page.length, more_records: query.offset + page.length < matching.length },
    },
  };
}
