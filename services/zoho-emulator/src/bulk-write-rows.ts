// Runs one Bulk Write resource: CSV rows → record objects → the records API's own validation and
// write path (RecordWriteService, in chunks of 100), then the result CSV (reference §5 step 5).
import type { BulkFieldMapping, BulkOperation, BulkResource } from './bulk-write-request.ts';
import type { FieldDefinition } from './field-definitions.ts';
import type { MetadataRepository } from './metadata-repository.ts';
import type { RecordRepository } from './record-repository.ts';
import { MAX_RECORDS_PER_WRITE } from './write-request.ts';
import type { RecordWriteService } from './record-write-service.ts';

export interface ResourceOutcome {
  added: number;
  updated: number;
  skipped: number;
  total: number;
  /** Result CSV rows, header first. */
  resultRows: string[][];
}

export interface BulkRowDeps {
  metadata: MetadataRepository;
  records: RecordRepository;
  writes: RecordWriteService;
}

interface PreparedRow {
  cells: string[];
  record: Record<string, unknown>;
  /** Set when the row failed before reaching the records API (e.g. update target not found). */
  error?: string;
}

/** CSV text → the JSON value the records API expects for this field type. */
function convertCell(field: FieldDefinition | undefined, cell: string): unknown {
  switch (field?.data_type) {
    case 'integer':
    case 'double':
    case 'currency':
    case 'percent':
      return /^-?\d+(\.\d+)?$/.test(cell.trim()) ? Number(cell) : cell;
    case 'boolean':
      return cell.toLowerCase() === 'true' ? true : cell.toLowerCase() === 'false' ? false : cell;
    case 'multiselectpicklist':
      return cell.split(';');
    default:
      return cell;
  }
}

function equalsCell(value: unknown, cell: string): boolean {
  return value !== undefined && value !== null && String(value).toLowerCase() === cell.toLowerCase();
}

export function runBulkResource(operation: BulkOperation, ignoreEmpty: boolean, resource: BulkResource, rows: string[][], deps: BulkRowDeps): ResourceOutcome {
  const fields = deps.metadata.listFields(resource.module);
  const byName = new Map(fields.map((f) => [f.api_name, f]));
  const [header = [], ...dataRows] = rows;

  const findRecordId = (module: string, apiName: string, cell: string): string | undefined =>
    deps.records.all(module).find((r) => equalsCell(r.values[apiName], cell))?.id;

  const prepare = (cells: string[]): PreparedRow => {
    const record: Record<string, unknown> = {};
    for (const m of resource.field_mappings) {
      const [fieldName = m.api_name, columnFindBy] = m.api_name.split('.', 2);
      const findBy = m.find_by ?? columnFindBy;
      let cell = cells[m.index] ?? '';
      if (cell === '' && m.default_value) cell = m.default_value.value;
      if (cell === '') {
        // An empty cell clears the field on update/upsert unless ignore_empty (Zoho's semantics; insert just omits it).
        if (operation !== 'insert' && !ignoreEmpty && fieldName !== 'id') record[fieldName] = null;
        continue;
      }
      if (fieldName === 'id') {
        record['id'] = cell;
        continue;
      }
      const field = byName.get(fieldName);
      if (field?.data_type === 'lookup') record[fieldName] = { id: lookupId(field, findBy, cell) };
      else if (field?.data_type === 'ownerlookup' || field?.data_type === 'userlookup') record[fieldName] = { id: cell };
      else record[fieldName] = convertCell(field, cell);
    }
    if (operation === 'update' && resource.find_by !== null && resource.find_by !== 'id') {
      const key = record[resource.find_by];
      const id = typeof key === 'string' ? findRecordId(resource.module, resource.find_by, key) : undefined;
      // Zoho's error code for an update row whose find_by value matches nothing is UNCONFIRMED.
      if (!id) return { cells, record, error: `INVALID_DATA-${resource.find_by}` };
      record['id'] = id;
    }
    return { cells, record };
  };

  // A lookup by another field (e.g. Account_Name.Account_Name) becomes an id; unmatched values
  // become an id that cannot exist so the records API reports INVALID_DATA for that field.
  const lookupId = (field: FieldDefinition, findBy: string | undefined, cell: string): string => {
    const target = field.lookup?.module.api_name;
    if (findBy === undefined || findBy === 'id' || !target) return cell;
    return findRecordId(target, findBy, cell) ?? '0';
  };

  const prepared = dataRows.map(prepare);
  const statuses: Array<{ status: string; id: string; errors: string }> = prepared.map((p) => ({ status: 'skipped', id: '', errors: p.error ?? '' }));
  const pending = prepared.map((p, i) => ({ p, i })).filter(({ p }) => p.error === undefined);
  for (let start = 0; start < pending.length; start += MAX_RECORDS_PER_WRITE) {
    const chunk = pending.slice(start, start + MAX_RECORDS_PER_WRITE);
    const body: Record<string, unknown> = { data: chunk.map(({ p }) => p.record), trigger: [] };
    if (operation === 'upsert' && resource.find_by !== null) body['duplicate_check_fields'] = [resource.find_by];
    const outcome = deps.writes.write(resource.module, operation, body);
    outcome.body.data.forEach((result, k) => {
      const target = chunk[k];
      if (!target) return;
      const details = (result['details'] ?? {}) as Record<string, unknown>;
      if (result['status'] === 'success') {
        const updated = operation === 'update' || result['action'] === 'update';
        statuses[target.i] = { status: updated ? 'updated' : 'added', id: String(details['id'] ?? ''), errors: '' };
      } else {
        statuses[target.i] = { status: 'skipped', id: '', errors: `${String(result['code'])}-${String(details['api_name'] ?? '')}` };
      }
    });
  }

  // The result keeps the first three mapped columns (reference §5 step 5).
  const shown: BulkFieldMapping[] = resource.field_mappings.slice(0, 3);
  const resultRows = [[...shown.map((m) => header[m.index] ?? m.api_name), 'STATUS', 'RECORD_ID', 'ERRORS']];
  prepared.forEach((p, i) => {
    const s = statuses[i] ?? { status: 'skipped', id: '', errors: '' };
    resultRows.push([...shown.map((m) => p.cells[m.index] ?? ''), s.status, s.id, s.errors]);
  });
  const count = (status: string): number => statuses.filter((s) => s.status === status).length;
  return { added: count('added'), updated: count('updated'), skipped: count('skipped'), total: prepared.length, resultRows };
}
