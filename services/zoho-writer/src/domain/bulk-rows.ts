import type { BulkRowOutcome, ZohoItemResult } from '@panda2zoho/zoho';

/**
 * The writer's records API bodies as Bulk Write CSV rows, and the result rows back as the records
 * API's per-item results, so the REST and the bulk path share planning, ledger and failure handling.
 *
 * A record is representable when every value is text, a number, a boolean, null, a list of texts
 * without `;` (a multi-select pick-list: `;`-separated in the CSV) or a lookup `{id}` (a `Field.id`
 * column). Anything else (an object of another shape, a `$`-prefixed key such as `$se_module`) is
 * not, and the group goes through the records API instead.
 */
type ZohoRecord = Record<string, unknown>;

function isLookup(value: unknown): value is { id: string } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 1 && typeof (value as { id?: unknown }).id === 'string';
}

function representable(key: string, value: unknown): boolean {
  if (key.startsWith('$') || key.includes('.')) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((v) => typeof v === 'string' && !v.includes(';'));
  return isLookup(value);
}

/** Records whose key sets are equal: one CSV (a missing column would read as an empty cell, i.e. a cleared field). */
export function columnSignature(record: ZohoRecord): string {
  return Object.keys(record).sort().join('\u0000');
}

export interface BulkRows {
  rows: Array<Record<string, string>>;
}

/**
 * One CSV row per record, or null when a record cannot be written by Bulk Write exactly as the records
 * API would write it. Every record must have the same keys (columnSignature); null is an empty cell,
 * which clears the field like the records API's null (the job runs with ignore_empty false).
 */
export function toBulkRows(records: ZohoRecord[]): BulkRows | null {
  const first = records[0];
  if (!first) return { rows: [] };
  const signature = columnSignature(first);
  const lookups = new Set<string>();
  for (const record of records) {
    if (columnSignature(record) !== signature) return null;
    for (const [key, value] of Object.entries(record)) {
      if (!representable(key, value)) return null;
      if (isLookup(value)) lookups.add(key);
    }
  }
  const rows = records.map((record) => {
    const row: Record<string, string> = {};
    for (const [key, value] of Object.entries(record)) {
      const column = lookups.has(key) ? `${key}.id` : key;
      if (value === null) row[column] = '';
      else if (isLookup(value)) row[column] = value.id;
      else if (Array.isArray(value)) row[column] = value.join(';');
      else row[column] = String(value);
    }
    return row;
  });
  return { rows };
}

/** A result row as the records API's per-item result: the ledger and the dead-letter path read it the same way. */
export function bulkItemResult(outcome: BulkRowOutcome): ZohoItemResult {
  switch (outcome.status) {
    case 'ADDED':
      return { code: 'SUCCESS', status: 'success', message: 'record added', action: 'insert', details: { id: outcome.recordId } };
    case 'UPDATED':
      return { code: 'SUCCESS', status: 'success', message: 'record updated', action: 'update', details: { id: outcome.recordId } };
    case 'SKIPPED':
      // Skipped without an error: Zoho found the row and had nothing to change.
      if (outcome.recordId) return { code: 'SUCCESS', status: 'success', message: 'record skipped', action: 'update', details: { id: outcome.recordId } };
      return { code: 'BULK_ROW_SKIPPED', status: 'error', message: 'bulk write skipped the row', details: {} };
    case 'FAILED':
      return { code: outcome.errorCode ?? 'BULK_ROW_FAILED', status: 'error', message: 'bulk write refused the row', details: outcome.errorField ? { api_name: outcome.errorField } : {} };
  }
}
