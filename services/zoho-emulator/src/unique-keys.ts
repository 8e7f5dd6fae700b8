// Which fields take part in duplicate detection, and how their values are normalised for comparison.
import type { FieldDefinition } from './field-definitions.ts';
import type { ModuleDefinition } from './metadata-repository.ts';
import { isBlank } from './record-validation.ts';

export interface IndexedField {
  apiName: string;
  caseSensitive: boolean;
  /** True for fields marked unique (DUPLICATE_DATA on conflict); false for duplicate-check-only fields. */
  unique: boolean;
}

/**
 * Unique fields plus the module's system duplicate-check fields. A system duplicate-check field
 * (e.g. Contacts.Email) is only used for upsert matching: whether a plain insert rejects a second
 * Contact with the same Email is UNCONFIRMED (reference §2.1), so it is not enforced.
 */
export function indexedFields(module: ModuleDefinition, fields: FieldDefinition[]): IndexedField[] {
  const result = new Map<string, IndexedField>();
  for (const name of module.duplicate_check_fields) {
    // Case-insensitive matching for system checks (emails differ only in case are the same person).
    result.set(name, { apiName: name, caseSensitive: false, unique: false });
  }
  for (const field of fields) {
    if (field.unique) {
      result.set(field.api_name, { apiName: field.api_name, caseSensitive: field.unique.casesensitive, unique: true });
    }
  }
  return [...result.values()];
}

export function valueKey(value: unknown, caseSensitive: boolean): string | null {
  if (isBlank(value)) return null;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const id = (value as Record<string, unknown>)['id'];
    return typeof id === 'string' || typeof id === 'number' ? String(id) : null;
  }
  if (typeof value === 'string') return caseSensitive ? value.trim() : value.trim().toLowerCase();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

export function indexEntries(indexed: IndexedField[], values: Record<string, unknown>): Array<{ apiName: string; valueKey: string }> {
  const entries: Array<{ apiName: string; valueKey: string }> = [];
  for (const f of indexed) {
    const key = valueKey(values[f.apiName], f.caseSensitive);
    if (key !== null) entries.push({ apiName: f.apiName, valueKey: key });
  }
  return entries;
}
