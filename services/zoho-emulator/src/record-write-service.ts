// Insert / update / upsert / delete with Zoho's positional per-record results (reference §2.1).
// No HTTP here: callers get the response body and the status to send.
import { formatZohoDateTime, type IdGenerator } from './database.ts';
import type { MetadataRepository, ModuleDefinition } from './metadata-repository.ts';
import { ADMIN_REF, ADMIN_USER, UserDirectory } from './org-identity.ts';
import type { RecordRepository, StoredRecord } from './record-repository.ts';
import type { FieldDefinition } from './field-definitions.ts';
import { validateRecordInput, type ValidationContext } from './record-validation.ts';
import { indexEntries, indexedFields, valueKey, type IndexedField } from './unique-keys.ts';
import { itemErrors, zohoError, ZohoApiError, type ZohoErrorBody } from './zoho-errors.ts';
import { parseWriteBody, type WriteOperation } from './write-request.ts';

export type { WriteOperation } from './write-request.ts';

export interface WriteOutcome {
  httpStatus: number;
  body: { data: Array<Record<string, unknown>> };
}

interface Match {
  record: StoredRecord;
  field: string;
}

/**
 * 201 when every record of an insert/upsert succeeded, 200 for an all-successful update, 207 when
 * mixed, 400 when all failed. The all-failed status and upsert's 201 are UNCONFIRMED (reference §2.1):
 * clients must treat the per-item `code` as authoritative.
 */
export function writeHttpStatus(operation: WriteOperation | 'delete', results: Array<Record<string, unknown>>): number {
  const succeeded = results.filter((r) => r['status'] === 'success').length;
  if (succeeded === results.length) return operation === 'insert' || operation === 'upsert' ? 201 : 200;
  if (succeeded === 0) return 400;
  return 207;
}

/** The `name` Zoho shows in a lookup value pointing at this record. */
export function displayName(record: StoredRecord): string {
  const v = record.values;
  if (typeof v['Account_Name'] === 'string') return v['Account_Name'];
  // Custom modules' display field is Name; Deals and Tasks have their own name fields.
  for (const key of ['Name', 'Deal_Name', 'Subject']) {
    const value = v[key];
    if (typeof value === 'string') return value;
  }
  const full = [v['First_Name'], v['Last_Name']].filter((p) => typeof p === 'string' && p !== '').join(' ');
  return full || record.id;
}

export class RecordWriteService {
  readonly #metadata: MetadataRepository;
  readonly #records: RecordRepository;
  readonly #ids: IdGenerator;
  readonly #now: () => number;
  readonly #transaction: <T>(fn: () => T) => T;

  readonly #users: UserDirectory;

  constructor(deps: {
    metadata: MetadataRepository;
    records: RecordRepository;
    ids: IdGenerator;
    now: () => number;
    transaction: <T>(fn: () => T) => T;
    users?: UserDirectory;
  }) {
    this.#users = deps.users ?? new UserDirectory();
    this.#metadata = deps.metadata;
    this.#records = deps.records;
    this.#ids = deps.ids;
    this.#now = deps.now;
    this.#transaction = deps.transaction;
  }

  requireModule(name: string): ModuleDefinition {
    const module = this.#metadata.getModule(name);
    if (!module) throw new ZohoApiError(400, zohoError('INVALID_MODULE', 'the module name given seems to be invalid', { resource_path_index: 0 }));
    return module;
  }

  write(moduleName: string, operation: WriteOperation, body: unknown, pathId?: string): WriteOutcome {
    const module = this.requireModule(moduleName);
    const fields = this.#metadata.listFields(module.api_name);
    const request = parseWriteBody(body, operation, fields, pathId);
    const indexed = indexedFields(module, fields);
    const nowMs = this.#now();
    const ctx = (index: number, mode: 'insert' | 'update'): ValidationContext => ({
      mode,
      index,
      resolveLookup: (target, id) => {
        const record = this.#records.get(target, id);
        return record ? { name: displayName(record), id: record.id } : null;
      },
      resolveUser: (id) => this.#users.resolve(id),
    });

    const results = this.#transaction(() => {
      const out = request.data.map((item, index): Record<string, unknown> => {
        if (operation === 'insert') return this.#insert(module, fields, indexed, item, ctx(index, 'insert'), nowMs);
        if (operation === 'update') return this.#updateById(module, fields, indexed, item, ctx(index, 'update'), nowMs);
        const match = this.#findUpsertMatch(module, request.duplicateCheckFields ?? this.#defaultMatchOrder(module, indexed), indexed, item);
        if (!match) {
          return { ...this.#insert(module, fields, indexed, item, ctx(index, 'insert'), nowMs), action: 'insert', duplicate_field: null };
        }
        const result = this.#update(module, fields, indexed, match.record, item, ctx(index, 'update'), nowMs);
        return result.status === 'success' ? { ...result, action: 'update', duplicate_field: match.field } : result;
      });
      this.#records.logWrite({
        at: formatZohoDateTime(nowMs),
        module: module.api_name,
        operation,
        record_count: request.data.length,
        trigger: request.trigger,
      });
      return out;
    });
    return { httpStatus: writeHttpStatus(operation, results), body: { data: results } };
  }

  deleteRecords(moduleName: string, ids: string[]): WriteOutcome {
    const module = this.requireModule(moduleName);
    const deletedTime = formatZohoDateTime(this.#now());
    const results = this.#transaction(() => {
      const out = ids.map((id): Record<string, unknown> =>
        this.#records.delete(module.api_name, id, deletedTime)
          ? { code: 'SUCCESS', details: { id }, message: 'record deleted', status: 'success' }
          : { code: 'INVALID_DATA', details: { id }, message: 'record not deleted', status: 'error' },
      );
      this.#records.logWrite({ at: deletedTime, module: module.api_name, operation: 'delete', record_count: ids.length, trigger: null });
      return out;
    });
    return { httpStatus: writeHttpStatus('delete', results), body: { data: results } };
  }

  /** Rebuilds the unique-value index of a module (after a unique field was added). */
  /** A deleted field (DELETE /settings/fields/{id}): its values leave every record (modified time kept), then the unique index is rebuilt. */
  dropFieldValues(moduleName: string, apiName: string): void {
    const module = this.requireModule(moduleName);
    this.#transaction(() => {
      for (const record of this.#records.all(module.api_name)) {
        if (!(apiName in record.values)) continue;
        const { [apiName]: _dropped, ...values } = record.values;
        this.#records.update({ ...record, values });
      }
    });
    this.reindexModule(module.api_name);
  }

  reindexModule(moduleName: string): void {
    const module = this.requireModule(moduleName);
    const indexed = indexedFields(module, this.#metadata.listFields(module.api_name));
    this.#transaction(() => {
      for (const record of this.#records.all(module.api_name)) {
        this.#records.setIndexedValues(module.api_name, record.id, indexEntries(indexed, record.values));
      }
    });
  }

  #insert(module: ModuleDefinition, fields: FieldDefinition[], indexed: IndexedField[], item: unknown, ctx: ValidationContext, nowMs: number): Record<string, unknown> {
    const checked = validateRecordInput(fields, item, ctx);
    if (!checked.ok) return { ...checked.error };
    const values: Record<string, unknown> = { Owner: { name: ADMIN_USER.full_name, id: ADMIN_USER.id, email: ADMIN_USER.email }, ...checked.values };
    const duplicate = this.#duplicateError(module, indexed, values, null, ctx.index);
    if (duplicate) return { ...duplicate };
    const time = formatZohoDateTime(nowMs);
    const record: StoredRecord = { id: this.#ids.next(), module: module.api_name, values, createdTime: time, modifiedTime: time, createdMs: nowMs, modifiedMs: nowMs };
    this.#records.insert(record);
    this.#records.setIndexedValues(module.api_name, record.id, indexEntries(indexed, values));
    return this.#success(record, 'record added');
  }

  #updateById(module: ModuleDefinition, fields: FieldDefinition[], indexed: IndexedField[], item: unknown, ctx: ValidationContext, nowMs: number): Record<string, unknown> {
    const path = `$.data[${ctx.index}]`;
    const rawId = typeof item === 'object' && item !== null ? (item as Record<string, unknown>)['id'] : undefined;
    if (rawId === undefined || rawId === null || rawId === '') return { ...itemErrors.mandatoryNotFound('id', `${path}.id`) };
    const existing = this.#records.get(module.api_name, String(rawId));
    if (!existing) return { ...itemErrors.invalidRecordId(`${path}.id`) };
    return this.#update(module, fields, indexed, existing, item, ctx, nowMs);
  }

  #update(module: ModuleDefinition, fields: FieldDefinition[], indexed: IndexedField[], existing: StoredRecord, item: unknown, ctx: ValidationContext, nowMs: number): Record<string, unknown> {
    const checked = validateRecordInput(fields, item, ctx);
    if (!checked.ok) return { ...checked.error };
    const values = { ...existing.values, ...checked.values };
    const duplicate = this.#duplicateError(module, indexed, values, existing.id, ctx.index);
    if (duplicate) return { ...duplicate };
    const record: StoredRecord = { ...existing, values, modifiedTime: formatZohoDateTime(nowMs), modifiedMs: nowMs };
    this.#records.update(record);
    this.#records.setIndexedValues(module.api_name, record.id, indexEntries(indexed, values));
    return this.#success(record, 'record updated');
  }

  #success(record: StoredRecord, message: string): Record<string, unknown> {
    return {
      code: 'SUCCESS',
      details: {
        id: record.id,
        Created_Time: record.createdTime,
        Modified_Time: record.modifiedTime,
        Created_By: { ...ADMIN_REF },
        Modified_By: { ...ADMIN_REF },
      },
      message,
      status: 'success',
    };
  }

  #duplicateError(module: ModuleDefinition, indexed: IndexedField[], values: Record<string, unknown>, selfId: string | null, index: number): ZohoErrorBody | null {
    for (const f of indexed) {
      if (!f.unique) continue;
      const key = valueKey(values[f.apiName], f.caseSensitive);
      if (key === null) continue;
      const otherId = this.#records.findIndexed(module.api_name, f.apiName, key).find((id) => id !== selfId);
      if (!otherId) continue;
      const other = this.#records.get(module.api_name, otherId);
      const owner = (other?.values['Owner'] as { name?: string; id?: string } | undefined) ?? ADMIN_REF;
      return zohoError('DUPLICATE_DATA', 'duplicate data', {
        api_name: f.apiName,
        json_path: `$.data[${index}].${f.apiName}`,
        duplicate_record: { id: otherId, module: { api_name: module.api_name, id: module.id }, Owner: { name: owner.name, id: owner.id } },
        id: otherId,
        more_records: false,
      });
    }
    return null;
  }

  /** Without duplicate_check_fields: system duplicate-check fields first, then user-defined unique fields. */
  #defaultMatchOrder(module: ModuleDefinition, indexed: IndexedField[]): string[] {
    const order = [...module.duplicate_check_fields];
    for (const f of indexed) if (f.unique && !order.includes(f.apiName)) order.push(f.apiName);
    return order;
  }

  #findUpsertMatch(module: ModuleDefinition, matchFields: string[], indexed: IndexedField[], item: unknown): Match | null {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return null;
    const input = item as Record<string, unknown>;
    for (const name of matchFields) {
      const idx = indexed.find((f) => f.apiName === name);
      const key = valueKey(input[name], idx?.caseSensitive ?? false);
      if (key === null) continue;
      // When several records match, the oldest wins (Zoho's choice is UNCONFIRMED).
      const id = idx
        ? this.#records.findIndexed(module.api_name, name, key)[0]
        : this.#records.all(module.api_name).find((r) => valueKey(r.values[name], false) === key)?.id;
      const record = id ? this.#records.get(module.api_name, id) : undefined;
      if (record) return { record, field: name };
    }
    return null;
  }
}

