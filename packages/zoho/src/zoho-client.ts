import { isPermanent, PermanentError, TransientError } from '@panda2zoho/kafka';
import { runBulkWrite, type BulkWriteRequest, type BulkRowOutcome } from './zoho-bulk-write.ts';
import { ZohoApi, type ZohoField, type ZohoItemResult } from './zoho-api.ts';
import { codeLabel } from './zoho-call-observer.ts';

export { type CallInfo, type ZohoClientOptions, type ZohoField, type ZohoItemResult, type ZohoResponse, type ZohoRetryOptions } from './zoho-api.ts';

type ZohoRecord = Record<string, unknown>;

/** A note on a record (v8 shape: Parent_Id with the parent's module). */
export interface ZohoNote {
  parentModule: string;
  parentId: string;
  title?: string;
  content: string;
}

export interface ZohoAttachment {
  id: string;
  fileName: string;
}

const MAX_PER_WRITE = 100;
const COQL_PAGE = 2_000;
const COQL_REACH = 100_000;
const SEARCH_PAGE = 200;
const SEARCH_REACH = 2_000;

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function malformed(what: string, why: string): TransientError {
  return new TransientError('ZOHO_MALFORMED_RESPONSE', `${what} answered ${why}`);
}

/** The records of a response: none when it has no `data`; anything but an array of objects is Zoho misbehaving. */
function data(json: unknown, what: string): ZohoRecord[] {
  if (!isPlainObject(json) || json['data'] === undefined || json['data'] === null) return [];
  const rows = json['data'];
  if (!Array.isArray(rows)) throw malformed(what, 'a data member that is not a list');
  if (!rows.every(isPlainObject)) throw malformed(what, 'a record that is not an object');
  return rows;
}

function moreRecords(json: unknown): boolean {
  return isPlainObject(json) && isPlainObject(json['info']) && json['info']['more_records'] === true;
}

/** One item result in a known shape: code a Zoho code (never free text), status success|error, details an object. */
function itemResult(item: unknown, what: string): ZohoItemResult {
  if (!isPlainObject(item)) throw malformed(what, 'a result that is not an object');
  const status = item['status'];
  if (status !== 'success' && status !== 'error') throw malformed(what, 'a result without a success/error status');
  const message = typeof item['message'] === 'string' ? item['message'].slice(0, 500) : '';
  const raw = item['action'];
  const action: Pick<ZohoItemResult, 'action'> = raw === 'insert' || raw === 'update' ? { action: raw } : {};
  return { code: codeLabel(item['code']) ?? 'UNRECOGNISED_CODE', status, message, ...action, details: isPlainObject(item['details']) ? item['details'] : {} };
}

/** Per-item results, positional with what was sent; a count mismatch is Zoho misbehaving (retry). */
function itemResults(json: unknown, sent: number, what: string): ZohoItemResult[] {
  const items = isPlainObject(json) ? json['data'] : undefined;
  if (!Array.isArray(items) || items.length !== sent) {
    throw malformed(what, `${Array.isArray(items) ? items.length : 'no'} results for ${sent} records`);
  }
  return items.map((item) => itemResult(item, what));
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Zoho CRM v8 record APIs over the limited, budgeted, retrying transport of ZohoApi. */
export class ZohoClient extends ZohoApi {
  /** POST /crm/v8/{module}/upsert with no automation triggered (trigger: []). ≤100 records. */
  async upsert(module: string, records: ZohoRecord[], duplicateCheckFields: string[]): Promise<ZohoItemResult[]> {
    if (records.length > MAX_PER_WRITE) throw new Error(`upsert takes at most ${MAX_PER_WRITE} records, got ${records.length}`);
    const { json } = await this.request('POST', `/crm/v8/${module}/upsert`, { data: records, duplicate_check_fields: duplicateCheckFields, trigger: [] }, { endpoint: '/crm/v8/{module}/upsert' });
    return itemResults(json, records.length, 'upsert');
  }

  /** GET /crm/v8/users?type=… (ActiveUsers, AllUsers, …), every page. */
  async users(type = 'ActiveUsers'): Promise<ZohoRecord[]> {
    const out: ZohoRecord[] = [];
    for (let page = 1; ; page++) {
      const { json } = await this.request('GET', `/crm/v8/users?type=${encodeURIComponent(type)}&per_page=200&page=${page}`, undefined, { endpoint: '/crm/v8/users' });
      const users = (json as { users?: unknown } | null)?.users;
      if (Array.isArray(users)) out.push(...(users as ZohoRecord[]));
      if (!moreRecords(json)) return out;
    }
  }

  async fields(module: string): Promise<ZohoField[]> {
    const { json } = await this.request('GET', `/crm/v8/settings/fields?module=${encodeURIComponent(module)}`, undefined, { endpoint: '/crm/v8/settings/fields' });
    const fields = isPlainObject(json) ? (json['fields'] ?? []) : [];
    if (!Array.isArray(fields) || !fields.every((f) => isPlainObject(f) && typeof f['api_name'] === 'string' && typeof f['data_type'] === 'string')) {
      throw malformed('fields', 'a field list in an unknown shape');
    }
    return fields as unknown as ZohoField[];
  }

  async createFields(module: string, fields: ZohoRecord[]): Promise<ZohoItemResult[]> {
    const { json } = await this.request('POST', `/crm/v8/settings/fields?module=${encodeURIComponent(module)}`, { fields }, { endpoint: '/crm/v8/settings/fields' });
    const items = isPlainObject(json) ? (json['fields'] ?? []) : [];
    if (!Array.isArray(items)) throw malformed('create fields', 'a result list in an unknown shape');
    return items.map((item) => itemResult(item, 'create fields'));
  }

  /** Every record of a module, paged (page_token past 2,000), with the given fields. */
  async *listRecords(module: string, fields: string[]): AsyncGenerator<ZohoRecord> {
    let pageToken: string | undefined;
    let page = 1;
    const seenTokens = new Set<string>();
    for (;;) {
      const query = new URLSearchParams({ fields: fields.join(','), per_page: '200' });
      if (pageToken) query.set('page_token', pageToken);
      else query.set('page', String(page));
      const { status, json } = await this.request('GET', `/crm/v8/${module}?${query.toString()}`, undefined, { endpoint: '/crm/v8/{module}' });
      if (status === 204) return;
      const rows = data(json, 'list');
      yield* rows;
      if (!moreRecords(json)) return;
      // A page that says "more" but brings nothing, or a page token seen before, would loop forever.
      const info = (json as { info: Record<string, unknown> }).info;
      const next = typeof info['next_page_token'] === 'string' && info['next_page_token'] !== '' ? info['next_page_token'] : undefined;
      if (rows.length === 0 || (next !== undefined && seenTokens.has(next))) throw malformed('list', 'more records without progress');
      if (next !== undefined) seenTokens.add(next);
      pageToken = next;
      page++;
    }
  }

  /**
   * GET /crm/v8/{module}/search?criteria=(Field:op:value)… — all pages up to Zoho's 2,000-result cap; 204 → [].
   * The caller escapes `(`, `)` and `,` in values with `\` (reference §2.3); URL-encoding is done here.
   */
  async searchRecords(module: string, criteria: string, fields?: string[]): Promise<ZohoRecord[]> {
    const out: ZohoRecord[] = [];
    for (let page = 1; page * SEARCH_PAGE <= SEARCH_REACH; page++) {
      const query = new URLSearchParams({ criteria, per_page: String(SEARCH_PAGE), page: String(page) });
      if (fields) query.set('fields', fields.join(','));
      const { status, json } = await this.request('GET', `/crm/v8/${module}/search?${query.toString()}`, undefined, { endpoint: '/crm/v8/{module}/search' });
      if (status === 204) break;
      out.push(...data(json, 'search'));
      if (!moreRecords(json)) break;
    }
    return out;
  }

  /**
   * POST /crm/v8/coql. A query with its own LIMIT runs once; one without is paged with
   * `limit offset, 2000` until Zoho says no more records (v7+: 2,000 rows a call, 100,000 in all).
   * No match → [].
   */
  async coql(selectQuery: string): Promise<ZohoRecord[]> {
    if (/\blimit\s+\d/i.test(selectQuery)) {
      const { status, json } = await this.request('POST', '/crm/v8/coql', { select_query: selectQuery });
      return status === 204 ? [] : data(json, 'coql');
    }
    const out: ZohoRecord[] = [];
    for (let offset = 0; offset < COQL_REACH; offset += COQL_PAGE) {
      const { status, json } = await this.request('POST', '/crm/v8/coql', { select_query: `${selectQuery.trim()} limit ${offset}, ${COQL_PAGE}` });
      if (status === 204) break;
      out.push(...data(json, 'coql'));
      if (!moreRecords(json)) break;
    }
    return out;
  }

  /** GET /crm/v8/{module}?ids=…&fields=… in groups of 100 ids; records Zoho does not have are simply absent. */
  async getRecords(module: string, ids: string[], fields: string[]): Promise<ZohoRecord[]> {
    const out: ZohoRecord[] = [];
    for (const group of chunks(ids, MAX_PER_WRITE)) {
      const query = new URLSearchParams({ ids: group.join(','), fields: fields.join(','), per_page: '200' });
      const { status, json } = await this.request('GET', `/crm/v8/${module}?${query.toString()}`, undefined, { endpoint: '/crm/v8/{module}' });
      if (status !== 204) out.push(...data(json, 'get records'));
    }
    return out;
  }

  /** DELETE /crm/v8/{module}?ids=… (≤100, to the recycle bin, no workflows). Per-item results, positional. */
  async deleteRecords(module: string, ids: string[]): Promise<ZohoItemResult[]> {
    if (ids.length === 0) return [];
    if (ids.length > MAX_PER_WRITE) throw new Error(`deleteRecords takes at most ${MAX_PER_WRITE} ids, got ${ids.length}`);
    const query = new URLSearchParams({ ids: ids.join(','), wf_trigger: 'false' });
    const { json } = await this.request('DELETE', `/crm/v8/${module}?${query.toString()}`, undefined, { endpoint: '/crm/v8/{module}' });
    return itemResults(json, ids.length, 'delete');
  }

  /**
   * POST /crm/v8/Notes in calls of 100, v8 shape. An insert: a 5xx or a timeout is returned to the caller
   * (a TransientError), never repeated here, since the notes may exist.
   */
  async createNotes(notes: ZohoNote[]): Promise<ZohoItemResult[]> {
    const out: ZohoItemResult[] = [];
    for (const group of chunks(notes, MAX_PER_WRITE)) {
      const body = {
        data: group.map((n) => ({ ...(n.title === undefined ? {} : { Note_Title: n.title }), Note_Content: n.content, Parent_Id: { module: { api_name: n.parentModule }, id: n.parentId } })),
        trigger: [],
      };
      const { json } = await this.request('POST', '/crm/v8/Notes', body, { endpoint: '/crm/v8/Notes' });
      out.push(...itemResults(json, group.length, 'notes'));
    }
    return out;
  }

  /**
   * POST /crm/v8/{module}/{id}/Attachments, multipart field `file`, the file name kept; Zoho's per-item
   * answer as data (a refused file is an error item, not a throw). Through the limiter and the credit
   * budget like every call; not repeated after a 5xx/timeout (ZOHO_OUTCOME_UNKNOWN: the file may exist).
   */
  async uploadAttachmentItem(module: string, recordId: string, fileName: string, bytes: Buffer, options: { title?: string } = {}): Promise<ZohoItemResult> {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)]), fileName);
    if (options.title !== undefined) form.append('title', options.title);
    let json: unknown;
    try {
      ({ json } = await this.request('POST', `/crm/v8/${module}/${encodeURIComponent(recordId)}/Attachments`, form, { endpoint: '/crm/v8/{module}/{id}/Attachments' }));
    } catch (error) {
      // A 4xx without per-item data (e.g. FILE_TOO_LARGE, INVALID_DATA on the record id) refuses this file only.
      if (!isPermanent(error)) throw error;
      return { code: error.code.replace(/^ZOHO_/, ''), status: 'error', message: 'attachment refused', details: {} };
    }
    const [item] = itemResults(json, 1, 'attachment');
    return item!;
  }

  /** As uploadAttachmentItem, for callers that want the attachment or a PermanentError. */
  async uploadAttachment(module: string, recordId: string, fileName: string, bytes: Buffer, options: { title?: string } = {}): Promise<ZohoAttachment> {
    const item = await this.uploadAttachmentItem(module, recordId, fileName, bytes, options);
    const id = item.details['id'];
    if (item.status !== 'success' || typeof id !== 'string') {
      throw new PermanentError(`ZOHO_${item.code || 'ATTACHMENT_REJECTED'}`, `attachment upload answered ${item.code || 'nothing'}`);
    }
    return { id, fileName };
  }

  /** Bulk Write: ZIP of CSV upload → job → poll → result ZIP → one outcome per row (zoho-bulk-write.ts). */
  bulkWrite(request: BulkWriteRequest): Promise<BulkRowOutcome[]> {
    return runBulkWrite(this, request);
  }
}
