// Related lists that link two records many-to-many: Deals ↔ Products. Zoho's v8 "Update related
// records" API: PUT /crm/v8/{module}/{record_id}/{related_list}/{related_record_id} (one link, body
// optional) and PUT /crm/v8/{module}/{record_id}/{related_list} with {"data":[{"id":…}]} (several);
// GET lists the related records, DELETE unlinks. The shapes follow the v2 "update related records"
// page (same path pattern in v8); the response wording and the related-list api name "Products" on
// Deals are UNCONFIRMED for v8. Linking an already linked record succeeds again (idempotent).
import type { Db } from './database.ts';
import type { MetadataRepository } from './metadata-repository.ts';
import { renderRecord, type RecordRepository } from './record-repository.ts';
import { errors, zohoError, ZohoApiError } from './zoho-errors.ts';

/** module → related list api name → the module its records belong to. */
export const RELATED_LISTS: Record<string, Record<string, string>> = {
  Deals: { Products: 'Products' },
  Products: { Deals: 'Deals' },
};

export interface RelationLink {
  module: string;
  record_id: string;
  related_list: string;
  related_id: string;
}

type Outcome = { httpStatus: number; body?: unknown };

export class RelatedRecordsService {
  readonly #db: Db;
  readonly #metadata: MetadataRepository;
  readonly #records: RecordRepository;
  readonly #now: () => number;

  constructor(deps: { db: Db; metadata: MetadataRepository; records: RecordRepository; now: () => number }) {
    this.#db = deps.db;
    this.#metadata = deps.metadata;
    this.#records = deps.records;
    this.#now = deps.now;
  }

  #relatedModule(module: string, id: string, relatedList: string): string {
    if (!this.#metadata.listModules().some((m) => m.api_name === module)) throw new ZohoApiError(400, errors.invalidModule());
    const target = RELATED_LISTS[module]?.[relatedList];
    if (!target) throw new ZohoApiError(400, zohoError('INVALID_DATA', 'the related list name given seems to be invalid', { resource_path_index: 2 }));
    if (!this.#records.get(module, id)) throw new ZohoApiError(400, zohoError('INVALID_DATA', 'the id given seems to be invalid', { resource_path_index: 1 }));
    return target;
  }

  /** Links each id; per-item results in request order (an unknown related id fails its item only). */
  link(module: string, id: string, relatedList: string, relatedIds: string[]): Outcome {
    const target = this.#relatedModule(module, id, relatedList);
    if (relatedIds.length === 0) throw new ZohoApiError(400, errors.requiredParamMissing('data'));
    if (relatedIds.length > 100) throw new ZohoApiError(400, errors.limitExceeded('data', 100));
    const insert = this.#db.prepare('INSERT OR IGNORE INTO related_records (module, record_id, related_list, related_id, created_time) VALUES (?, ?, ?, ?, ?)');
    // Zoho shows the link from both sides (a Deal's Products, a Product's Deals): one row per side.
    const back = Object.entries(RELATED_LISTS[target] ?? {}).find(([, m]) => m === module)?.[0];
    const at = new Date(this.#now()).toISOString();
    const data = relatedIds.map((relatedId) => {
      if (!this.#records.get(target, relatedId)) return { code: 'INVALID_DATA', details: { id: relatedId }, message: 'the related id given seems to be invalid', status: 'error' };
      this.#db.transaction(() => {
        insert.run(module, id, relatedList, relatedId, at);
        if (back) insert.run(target, relatedId, back, id, at);
      })();
      return { code: 'SUCCESS', details: { id: relatedId }, message: 'relation updated', status: 'success' };
    });
    const ok = data.filter((d) => d.status === 'success').length;
    return { httpStatus: ok === data.length ? 200 : ok === 0 ? 400 : 207, body: { data } };
  }

  unlink(module: string, id: string, relatedList: string, relatedId: string): Outcome {
    const target = this.#relatedModule(module, id, relatedList);
    const back = Object.entries(RELATED_LISTS[target] ?? {}).find(([, m]) => m === module)?.[0];
    const del = this.#db.prepare('DELETE FROM related_records WHERE module = ? AND record_id = ? AND related_list = ? AND related_id = ?');
    this.#db.transaction(() => {
      del.run(module, id, relatedList, relatedId);
      if (back) del.run(target, relatedId, back, id);
    })();
    return { httpStatus: 200, body: { data: [{ code: 'SUCCESS', details: { id: relatedId }, message: 'relation removed', status: 'success' }] } };
  }

  /** The related records (all fields; Zoho pages by 200, the emulator returns them all); 204 when none. */
  list(module: string, id: string, relatedList: string): Outcome {
    const target = this.#relatedModule(module, id, relatedList);
    const rows = this.#db.prepare('SELECT related_id FROM related_records WHERE module = ? AND record_id = ? AND related_list = ? ORDER BY related_id').all(module, id, relatedList) as Array<{ related_id: string }>;
    const data = rows.flatMap((r) => {
      const record = this.#records.get(target, r.related_id);
      return record ? [renderRecord(record)] : [];
    });
    if (data.length === 0) return { httpStatus: 204 };
    return { httpStatus: 200, body: { data, info: { per_page: 200, count: data.length, page: 1, more_records: false } } };
  }

  /**
   * Every link Zoho shows, Deals' side and Products' side both (for exportState): a link whose Deal or
   * Product was deleted is not listed (the lists above leave it out too; it stays stored, as the record
   * stays in the recycle bin).
   */
  all(): RelationLink[] {
    const rows = this.#db.prepare('SELECT module, record_id, related_list, related_id FROM related_records ORDER BY module, record_id, related_list, related_id').all() as RelationLink[];
    return rows.filter((r) => this.#records.get(r.module, r.record_id) && this.#records.get(RELATED_LISTS[r.module]?.[r.related_list] ?? '', r.related_id));
  }
}
