import { isPermanent, isTransient, PermanentError, TransientError } from '@panda2zoho/kafka';
import type { ZohoAuth, ZohoClient, ZohoItemResult } from '@panda2zoho/zoho';

/**
 * The Zoho calls the writer makes beyond ZohoClient.upsert, in Zoho's exact v8 shapes, through
 * `zoho.request` so auth, metrics and failure classes stay the client's. Search, COQL-free lookups by
 * external id, notes, attachments, updates by id and deletes move to ZohoClient methods
 * (searchRecords, uploadAttachment, …) once packages/zoho has them (issue #5).
 */
export class ZohoGateway {
  constructor(
    readonly zoho: ZohoClient,
    /** Multipart uploads bypass request() (JSON only) until ZohoClient.uploadAttachment exists. */
    private readonly upload: { auth: ZohoAuth; apiUrl?: string | undefined },
  ) {}

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

  async getRecord(module: string, id: string, fields: string[]): Promise<Record<string, unknown> | null> {
    const { status, json } = await this.zoho.request('GET', `/crm/v8/${module}/${id}?fields=${encodeURIComponent(fields.join(','))}`, undefined, { endpoint: '/crm/v8/{module}/{id}' });
    if (status === 204) return null;
    return ((json as { data?: Array<Record<string, unknown>> } | null)?.data ?? [])[0] ?? null;
  }

  /** GET /crm/v8/{module}/{id}/Notes|Attachments: a record's notes or attachments (204 → none). */
  async related(module: string, id: string, list: 'Notes' | 'Attachments', fields: string[]): Promise<Array<Record<string, unknown>>> {
    const { status, json } = await this.zoho.request('GET', `/crm/v8/${module}/${id}/${list}?fields=${encodeURIComponent(fields.join(','))}&per_page=200`, undefined, { endpoint: `/crm/v8/{module}/{id}/${list}` });
    if (status === 204) return [];
    return ((json as { data?: Array<Record<string, unknown>> } | null)?.data ?? []);
  }

  /** PUT /crm/v8/{module} with ids in the records, no automation. */
  updateById(module: string, records: Array<Record<string, unknown> & { id: string }>): Promise<ZohoItemResult[]> {
    return this.items('PUT', `/crm/v8/${module}`, { data: records, trigger: [] }, '/crm/v8/{module}', records.length);
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

  /** POST /crm/v8/{module}/{id}/Attachments, multipart field `file`; the file name is kept. */
  async uploadAttachment(module: string, recordId: string, fileName: string, bytes: Buffer): Promise<ZohoItemResult> {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)]), fileName);
    const token = await this.upload.auth.token();
    const base = this.upload.apiUrl ?? token.apiDomain;
    let response: Response;
    try {
      response = await fetch(`${base}/crm/v8/${module}/${recordId}/Attachments`, { method: 'POST', headers: { Authorization: `Zoho-oauthtoken ${token.token}` }, body: form, signal: AbortSignal.timeout(120_000) });
    } catch (error) {
      throw new TransientError('ZOHO_UNREACHABLE', `POST /crm/v8/{module}/{id}/Attachments: no response`, { cause: error });
    }
    const json = (await response.json().catch(() => null)) as { code?: string; data?: ZohoItemResult[] } | null;
    if (response.status === 401 && json?.code === 'INVALID_TOKEN') {
      this.upload.auth.invalidate(token.token);
      throw new TransientError('ZOHO_TOKEN_EXPIRED', 'attachment upload: token expired, refreshed; retry');
    }
    if (response.status === 429 || response.status >= 500) throw new TransientError('ZOHO_SERVER_ERROR', `attachment upload: HTTP ${response.status}`);
    const item = json?.data?.[0];
    if (item) return item;
    if (response.status >= 400) return { code: json?.code ?? `HTTP_${response.status}`, status: 'error', message: 'attachment refused', details: {} };
    throw new TransientError('ZOHO_MALFORMED_RESPONSE', 'attachment upload answered no result');
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
