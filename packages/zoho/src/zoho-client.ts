import { PermanentError, TransientError } from '@panda2zoho/kafka';
import type { ZohoAuth } from './zoho-auth.ts';

/** One item of a multi-record write response; positional with the request's data array. */
export interface ZohoItemResult {
  code: string;
  status: 'success' | 'error';
  message: string;
  action?: 'insert' | 'update';
  details: Record<string, unknown>;
}

export interface ZohoField {
  api_name: string;
  data_type: string;
  length?: number;
  custom_field?: boolean;
  unique?: unknown;
}

export interface ZohoClientOptions {
  auth: ZohoAuth;
  /** Overrides the token's api_domain (tests); production uses api_domain as Zoho says to. */
  apiUrl?: string;
  timeoutMs?: number;
}

/**
 * Plain-HTTP Zoho CRM v8 client. Classifies every failure: 429, 5xx and network errors are transient;
 * an expired token is refreshed once; other 4xx are permanent. Per-item codes in a 2xx write
 * response are data, returned to the caller, never thrown.
 */
export class ZohoClient {
  constructor(private readonly options: ZohoClientOptions) {}

  async request(method: string, path: string, body?: unknown, retriedAuth = false): Promise<{ status: number; json: unknown }> {
    const token = await this.options.auth.token();
    const base = this.options.apiUrl ?? token.apiDomain;
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers: { Authorization: `Zoho-oauthtoken ${token.token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 60_000),
      });
    } catch (error) {
      throw new TransientError('ZOHO_UNREACHABLE', `${method} ${path}: no response`, { cause: error });
    }
    if (response.status === 204) return { status: 204, json: null };
    const json = (await response.json().catch(() => null)) as unknown;
    const code = (json as { code?: string } | null)?.code;
    if (response.status === 401 && code === 'INVALID_TOKEN' && !retriedAuth) {
      this.options.auth.invalidate(token.token);
      return this.request(method, path, body, true);
    }
    if (response.status === 429) throw new TransientError('ZOHO_TOO_MANY_REQUESTS', `${method} ${path}: 429 ${code ?? ''}`.trim());
    if (response.status >= 500) throw new TransientError('ZOHO_SERVER_ERROR', `${method} ${path}: HTTP ${response.status}`);
    if (response.status >= 400 && !isItemArray(json)) {
      throw new PermanentError(`ZOHO_${code ?? 'HTTP_' + response.status}`, `${method} ${path}: HTTP ${response.status} ${code ?? ''}`.trim());
    }
    return { status: response.status, json };
  }

  /** POST /crm/v8/{module}/upsert with no automation triggered (trigger: []). ≤100 records. */
  async upsert(module: string, records: Array<Record<string, unknown>>, duplicateCheckFields: string[]): Promise<ZohoItemResult[]> {
    if (records.length > 100) throw new Error(`upsert takes at most 100 records, got ${records.length}`);
    const { json } = await this.request('POST', `/crm/v8/${module}/upsert`, { data: records, duplicate_check_fields: duplicateCheckFields, trigger: [] });
    const items = (json as { data?: unknown }).data;
    if (!Array.isArray(items) || items.length !== records.length) {
      throw new TransientError('ZOHO_MALFORMED_RESPONSE', `upsert answered ${Array.isArray(items) ? items.length : 'no'} results for ${records.length} records`);
    }
    return items as ZohoItemResult[];
  }

  async fields(module: string): Promise<ZohoField[]> {
    const { json } = await this.request('GET', `/crm/v8/settings/fields?module=${encodeURIComponent(module)}`);
    return ((json as { fields?: ZohoField[] } | null)?.fields ?? []) as ZohoField[];
  }

  async createFields(module: string, fields: Array<Record<string, unknown>>): Promise<ZohoItemResult[]> {
    const { json } = await this.request('POST', `/crm/v8/settings/fields?module=${encodeURIComponent(module)}`, { fields });
    return ((json as { fields?: ZohoItemResult[] } | null)?.fields ?? []) as ZohoItemResult[];
  }

  /** Every record of a module, paged (page_token past 2,000), with the given fields. */
  async *listRecords(module: string, fields: string[]): AsyncGenerator<Record<string, unknown>> {
    let pageToken: string | undefined;
    let page = 1;
    for (;;) {
      const query = new URLSearchParams({ fields: fields.join(','), per_page: '200' });
      if (pageToken) query.set('page_token', pageToken);
      else query.set('page', String(page));
      const { status, json } = await this.request('GET', `/crm/v8/${module}?${query.toString()}`);
      if (status === 204) return;
      const body = json as { data?: Array<Record<string, unknown>>; info?: { more_records?: boolean; next_page_token?: string | null } };
      yield* body.data ?? [];
      if (!body.info?.more_records) return;
      pageToken = body.info.next_page_token ?? undefined;
      page++;
    }
  }
}

function isItemArray(json: unknown): boolean {
  return Array.isArray((json as { data?: unknown } | null)?.data);
}
