// Notes API (reference §3): POST /Notes and POST /{Module}/{id}/Notes in the v6+ shape with
// Parent_Id {module:{api_name}, id}, and the related list GET /{Module}/{id}/Notes.
// Notes are stored as records of the Notes module so GET /Notes, COQL and exportState see them.
import { formatZohoDateTime, type IdGenerator } from './database.ts';
import { parseFieldsParam, type QueryParams } from './list-params.ts';
import type { MetadataRepository } from './metadata-repository.ts';
import { ADMIN_USER, UserDirectory } from './org-identity.ts';
import { renderRecord, type RecordRepository, type StoredRecord } from './record-repository.ts';
import { isBlank, validateRecordInput } from './record-validation.ts';
import { displayName, writeHttpStatus, type WriteOutcome } from './record-write-service.ts';
import { parseWriteBody } from './write-request.ts';
import { errors, itemErrors, zohoError, ZohoApiError, type ZohoErrorBody } from './zoho-errors.ts';

export const NOTES_MODULE = 'Notes';

type ParentResult = { ok: true; parent: { module: { api_name: string; id: string }; id: string; name: string } } | { ok: false; error: ZohoErrorBody };

function plainObject(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

export class NotesService {
  readonly #metadata: MetadataRepository;
  readonly #records: RecordRepository;
  readonly #ids: IdGenerator;
  readonly #now: () => number;
  readonly #transaction: <T>(fn: () => T) => T;

  readonly #users: UserDirectory;

  constructor(deps: { metadata: MetadataRepository; records: RecordRepository; ids: IdGenerator; now: () => number; transaction: <T>(fn: () => T) => T; users?: UserDirectory }) {
    this.#users = deps.users ?? new UserDirectory();
    this.#metadata = deps.metadata;
    this.#records = deps.records;
    this.#ids = deps.ids;
    this.#now = deps.now;
    this.#transaction = deps.transaction;
  }

  /** `parent` is set for POST /{Module}/{id}/Notes: it fills in Parent_Id where a note omits it. */
  create(body: unknown, parent?: { module: string; id: string }): WriteOutcome {
    let parentModule: string | undefined;
    if (parent) {
      parentModule = this.#requireModule(parent.module);
      if (!this.#records.get(parentModule, parent.id)) {
        throw new ZohoApiError(400, zohoError('INVALID_DATA', 'the id given seems to be invalid', { resource_path_index: 1 }));
      }
    }
    const fields = this.#metadata.listFields(NOTES_MODULE);
    const request = parseWriteBody(body, 'insert', fields);
    const nowMs = this.#now();
    const otherFields = fields.filter((f) => f.api_name !== 'Parent_Id');
    const results = this.#transaction(() => {
      const out = request.data.map((item, index): Record<string, unknown> => {
        const input = plainObject(item);
        if (!input) return { ...itemErrors.invalidType('data', 'jsonobject', `$.data[${index}]`) };
        const rawParent = input['Parent_Id'] ?? (parent && parentModule ? { module: { api_name: parentModule }, id: parent.id } : undefined);
        const { Parent_Id: _ignored, ...rest } = input;
        const ctx = {
          mode: 'insert' as const,
          index,
          resolveLookup: () => null,
          resolveUser: (id: string) => this.#users.resolve(id),
        };
        const checked = validateRecordInput(otherFields, rest, ctx);
        if (!checked.ok) return { ...checked.error };
        const resolved = this.#resolveParent(rawParent, index);
        if (!resolved.ok) return { ...resolved.error };
        const time = formatZohoDateTime(nowMs);
        const values = { Owner: { name: ADMIN_USER.full_name, id: ADMIN_USER.id, email: ADMIN_USER.email }, ...checked.values, Parent_Id: resolved.parent };
        const record: StoredRecord = { id: this.#ids.next(), module: NOTES_MODULE, values, createdTime: time, modifiedTime: time, createdMs: nowMs, modifiedMs: nowMs };
        this.#records.insert(record);
        return {
          code: 'SUCCESS',
          details: { id: record.id, Created_Time: time, Modified_Time: time, Created_By: { name: ADMIN_USER.full_name, id: ADMIN_USER.id }, Modified_By: { name: ADMIN_USER.full_name, id: ADMIN_USER.id } },
          message: 'record added',
          status: 'success',
        };
      });
      this.#records.logWrite({ at: formatZohoDateTime(nowMs), module: NOTES_MODULE, operation: 'insert', record_count: request.data.length, trigger: request.trigger });
      return out;
    });
    return { httpStatus: writeHttpStatus('insert', results), body: { data: results } };
  }

  /** GET /{Module}/{id}/Notes. `fields` is optional here; whether v8 requires it on related lists is UNCONFIRMED. */
  listForParent(moduleName: string, id: string, query: QueryParams): { httpStatus: 200; body: unknown } | { httpStatus: 204 } {
    const module = this.#requireModule(moduleName);
    const fields = parseFieldsParam(query['fields'], false);
    const notes = this.#records
      .all(NOTES_MODULE)
      .filter((r) => {
        const p = plainObject(r.values['Parent_Id']);
        return p?.['id'] === id && plainObject(p['module'])?.['api_name'] === module;
      })
      .map((r) => {
        const full = renderRecord(r);
        if (!fields) return full;
        const picked: Record<string, unknown> = { id: r.id };
        for (const f of fields) picked[f] = full[f] ?? null;
        return picked;
      });
    if (notes.length === 0) return { httpStatus: 204 };
    return { httpStatus: 200, body: { data: notes, info: { per_page: 200, count: notes.length, page: 1, more_records: false } } };
  }

  #requireModule(name: string): string {
    const module = this.#metadata.getModule(name);
    if (!module || module.api_name === NOTES_MODULE) throw new ZohoApiError(400, errors.invalidModule());
    return module.api_name;
  }

  #resolveParent(raw: unknown, index: number): ParentResult {
    const path = `$.data[${index}].Parent_Id`;
    if (isBlank(raw)) return { ok: false, error: itemErrors.mandatoryNotFound('Parent_Id', path) };
    const value = plainObject(raw);
    const moduleName = plainObject(plainObject(value?.['module']))?.['api_name'];
    const id = value?.['id'];
    if (typeof moduleName !== 'string' || (typeof id !== 'string' && typeof id !== 'number')) {
      return { ok: false, error: itemErrors.invalidType('Parent_Id', 'jsonobject', path) };
    }
    const module = this.#metadata.getModule(moduleName);
    const record = module && module.api_name !== NOTES_MODULE ? this.#records.get(module.api_name, String(id)) : undefined;
    if (!module || !record) return { ok: false, error: itemErrors.invalidReference('Parent_Id', path) };
    return { ok: true, parent: { module: { api_name: module.api_name, id: module.id }, id: record.id, name: displayName(record) } };
  }
}
