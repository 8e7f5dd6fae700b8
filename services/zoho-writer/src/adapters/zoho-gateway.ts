import { isPermanent, isTransient, PermanentError, TransientError } from '@panda2zoho/kafka';
import type { ZohoClient, ZohoItemResult } from '@panda2zoho/zoho';
import { bulkItemResult, toBulkRows } from '../domain/bulk-rows.ts';
import type { ProvisionedTarget } from '../domain/provisioning-ledger.ts';

/**
 * The Zoho calls the writer makes, in Zoho's exact v8 shapes. Every one goes through ZohoClient
 * (its methods or `zoho.request`), so the limiter, the credit budget, auth, metrics and failure
 * classes are the client's: the writer makes no HTTP call of its own.
 */
export class ZohoGateway {
  constructor(readonly zoho: ZohoClient) {}

  upsert(module: string, records: Array<Record<string, unknown>>, externalIdField: string): Promise<ZohoItemResult[]> {
    return this.zoho.upsert(module, records, [externalIdField]);
  }

  /** GET /crm/v8/{module}/search?<param>=<value>; 204 → no match. */
  async search(module: string, param: 'email' | 'phone' | 'criteria', value: string): Promise<Array<Record<string, unknown>>> {
    const query = new URLSearchParams({ [param]: value, per_page: '10' });
    let answer: { status: number; json: unknown };
    try {
      answer = await this.zoho.request('GET', `/crm/v8/${module}/search?${query.toString()}`, undefined, { endpoint: '/crm/v8/{module}/search' });
    } catch (error) {
      // The client's messages name the path, and this path holds an e-mail, a phone or a name (PHI):
      // rethrow with the code only. A search Zoho refuses (e.g. a value it cannot parse) finds nothing.
      if (isTransient(error)) throw new TransientError(error.code, `GET /crm/v8/${module}/search by ${param}: ${error.code}`);
      if (isPermanent(error)) return [];
      throw new Error(`GET /crm/v8/${module}/search by ${param} failed`);
    }
    const { status, json } = answer;
    if (status === 204) return [];
    return ((json as { data?: Array<Record<string, unknown>> } | null)?.data ?? []);
  }

  /** The record whose unique external id field holds `externalId`, if any. */
  async findByExternalId(module: string, field: string, externalId: string): Promise<Record<string, unknown> | null> {
    // Keys are record keys or HMAC contact keys, not PHI: the client's errors may name them.
    const escaped = externalId.replace(/[\\(),]/g, (c) => `\\${c}`);
    const query = new URLSearchParams({ criteria: `(${field}:equals:${escaped})`, per_page: '10' });
    const { status, json } = await this.zoho.request('GET', `/crm/v8/${module}/search?${query.toString()}`, undefined, { endpoint: '/crm/v8/{module}/search' });
    if (status === 204) return null;
    return ((json as { data?: Array<Record<string, unknown>> } | null)?.data ?? []).find((h) => h[field] === externalId) ?? null;
  }

  /**
   * The Zoho ids of up to 100 records by their unique external id field, in one COQL call (1 credit),
   * for recovery after a crash in a large chunk (a Bulk Write job: thousands of open intents). Absent
   * from the map: not in Zoho. Keys are record keys or HMAC contact keys, not PHI.
   */
  async findIdsByExternalIds(module: string, field: string, externalIds: string[]): Promise<Map<string, string>> {
    if (externalIds.length > 100) throw new Error(`findIdsByExternalIds takes at most 100 ids, got ${externalIds.length}`);
    const found = new Map<string, string>();
    if (externalIds.length === 0) return found;
    const values = externalIds.map((v) => `'${v.replace(/[\\']/g, (c) => `\\${c}`)}'`).join(', ');
    const rows = await this.zoho.coql(`select id, ${field} from ${module} where ${field} in (${values}) limit 200`);
    for (const row of rows) if (typeof row['id'] === 'string' && typeof row[field] === 'string') found.set(row[field], row['id']);
    return found;
  }

  async getRecord(module: string, id: string, fields: string[]): Promise<Record<string, unknown> | null> {
    const { status, json } = await this.zoho.request('GET', `/crm/v8/${module}/${id}?fields=${encodeURIComponent(fields.join(','))}`, undefined, { endpoint: '/crm/v8/{module}/{id}' });
    if (status === 204) return null;
    return ((json as { data?: Array<Record<string, unknown>> } | null)?.data ?? [])[0] ?? null;
  }

  /** GET /crm/v8/{module}/{id}/{list}: a record's notes, attachments or related records (a Deal's Products); 204 → none. */
  async related(module: string, id: string, list: 'Notes' | 'Attachments' | 'Products', fields: string[]): Promise<Array<Record<string, unknown>>> {
    const { status, json } = await this.zoho.request('GET', `/crm/v8/${module}/${id}/${list}?fields=${encodeURIComponent(fields.join(','))}&per_page=200`, undefined, { endpoint: `/crm/v8/{module}/{id}/${list}` });
    if (status === 204) return [];
    return ((json as { data?: Array<Record<string, unknown>> } | null)?.data ?? []);
  }

  /** PUT /crm/v8/{module} with ids in the records, no automation. */
  updateById(module: string, records: Array<Record<string, unknown> & { id: string }>): Promise<ZohoItemResult[]> {
    return this.items('PUT', `/crm/v8/${module}`, { data: records, trigger: [] }, '/crm/v8/{module}', records.length);
  }

  /**
   * PUT /crm/v8/{module}/{id}/{related list} with {"data":[{"id":…}]}: links records through a related
   * list (Deals → Products), per-item results. Zoho's "update related records" API (the v2 page's path
   * pattern, same in v8; the credit cost of this call is UNCONFIRMED, counted as a write of N records).
   */
  relate(module: string, id: string, relatedList: string, relatedIds: string[]): Promise<ZohoItemResult[]> {
    return this.items('PUT', `/crm/v8/${module}/${id}/${relatedList}`, { data: relatedIds.map((r) => ({ id: r })) }, `/crm/v8/{module}/{id}/${relatedList}`, relatedIds.length);
  }

  /**
   * DELETE /crm/v8/{module}/{id}/{related list}/{related id}: removes one link (a Product from a Deal),
   * leaving both records. Zoho's "delink related record" API (v2 page's path pattern, same in v8; its
   * credit cost is UNCONFIRMED, counted as one).
   */
  async unrelate(module: string, id: string, relatedList: string, relatedId: string): Promise<ZohoItemResult> {
    const [item] = await this.items('DELETE', `/crm/v8/${module}/${id}/${relatedList}/${relatedId}`, undefined, `/crm/v8/{module}/{id}/${relatedList}/{id}`, 1);
    return item!;
  }

  /** POST /crm/v8/Notes (v8 Parent_Id shape). */
  createNotes(notes: Array<{ Note_Title: string; Note_Content: string; Parent_Id: { module: { api_name: string }; id: string } }>): Promise<ZohoItemResult[]> {
    return this.items('POST', '/crm/v8/Notes', { data: notes, trigger: [] }, '/crm/v8/Notes', notes.length);
  }

  updateNotes(notes: Array<{ id: string; Note_Title: string; Note_Content: string }>): Promise<ZohoItemResult[]> {
    return this.items('PUT', '/crm/v8/Notes', { data: notes, trigger: [] }, '/crm/v8/Notes', notes.length);
  }

  /** DELETE /crm/v8/{module}?ids=… (≤100). */
  deleteRecords(module: string, ids: string[]): Promise<ZohoItemResult[]> {
    return this.items('DELETE', `/crm/v8/${module}?ids=${ids.join(',')}`, undefined, '/crm/v8/{module}', ids.length);
  }

  /** POST /crm/v8/{module}/{id}/Attachments, multipart field `file`; the file name is kept (ZohoClient: limiter and budget). */
  uploadAttachment(module: string, recordId: string, fileName: string, bytes: Buffer): Promise<ZohoItemResult> {
    return this.zoho.uploadAttachmentItem(module, recordId, fileName, bytes);
  }

  /**
   * Upsert by `externalIdField` through one Bulk Write job (per 25,000 rows): the rows Zoho refused come
   * back as error items with Zoho's code and field, positional with `records` like the records API's.
   * Null when the records cannot be written by Bulk Write exactly as by the records API (bulk-rows.ts).
   */
  async bulkUpsert(module: string, records: Array<Record<string, unknown>>, externalIdField: string, options: { pollIntervalMs: number; onPoll?: () => Promise<void> }): Promise<ZohoItemResult[] | null> {
    const csv = toBulkRows(records);
    if (!csv) return null;
    const outcomes = await this.zoho.bulkWrite({
      module,
      operation: 'upsert',
      findBy: externalIdField,
      rows: csv.rows,
      // An empty cell clears the field, as the records API's null does: the migration owns these fields.
      ignoreEmpty: false,
      pollIntervalMs: options.pollIntervalMs,
      ...(options.onPoll ? { onPoll: options.onPoll } : {}),
    });
    return records.map((_, i) => bulkItemResult(outcomes[i] ?? { rowIndex: i, status: 'FAILED', errorCode: 'NO_RESULT' }));
  }

  /**
   * The Zoho id of a field (by api name, GET /settings/fields?module=X) or a custom module (GET
   * /settings/modules); null when there is none (a module that does not exist has no fields).
   */
  async provisionedId(target: ProvisionedTarget): Promise<string | null> {
    if (target.kind === 'module') {
      const { json } = await this.zoho.request('GET', '/crm/v8/settings/modules', undefined, { endpoint: '/crm/v8/settings/modules' });
      const found = ((json as { modules?: Array<{ api_name?: string; id?: string }> } | null)?.modules ?? []).find((m) => m.api_name === target.module);
      return found?.id ?? null;
    }
    let fields: Array<{ api_name: string; id?: string }>;
    try {
      fields = (await this.zoho.fields(target.module)) as Array<{ api_name: string; id?: string }>;
    } catch (error) {
      if (isPermanent(error) && error.code === 'ZOHO_INVALID_MODULE') return null;
      throw error;
    }
    return fields.find((f) => f.api_name === target.apiName)?.id ?? null;
  }

  /**
   * DELETE /crm/v8/settings/fields/{id}?module=X (a custom field; its values leave every record).
   * Zoho's answer as an item: success, or the code of a refusal (INVALID_DATA: no such field,
   * NOT_ALLOWED: a standard field). Transient failures are thrown (the client retries the delete first).
   */
  async deleteField(module: string, id: string): Promise<{ status: 'success' | 'error'; code: string }> {
    try {
      const { json } = await this.zoho.request('DELETE', `/crm/v8/settings/fields/${encodeURIComponent(id)}?module=${encodeURIComponent(module)}`, undefined, { endpoint: '/crm/v8/settings/fields/{id}', idempotent: true });
      const item = (json as { fields?: Array<{ status?: string; code?: string }> } | null)?.fields?.[0];
      return item?.status === 'error' ? { status: 'error', code: item.code ?? 'NO_RESULT' } : { status: 'success', code: item?.code ?? 'SUCCESS' };
    } catch (error) {
      if (isPermanent(error)) return { status: 'error', code: error.code.replace(/^ZOHO_/, '') };
      throw error;
    }
  }

  private async items(method: string, path: string, body: unknown, endpoint: string, count: number): Promise<ZohoItemResult[]> {
    const { json } = await this.zoho.request(method, path, body, { endpoint, credits: Math.max(1, Math.ceil(count / 10)) });
    const items = (json as { data?: unknown } | null)?.data;
    if (!Array.isArray(items) || items.length !== count) {
      if (json === null) throw new PermanentError('ZOHO_EMPTY_RESPONSE', `${method} ${endpoint}: no body`);
      throw new TransientError('ZOHO_MALFORMED_RESPONSE', `${method} ${endpoint}: ${Array.isArray(items) ? items.length : 'no'} results for ${count} items`);
    }
    return items as ZohoItemResult[];
  }
}
