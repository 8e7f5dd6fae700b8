import { PermanentError, TransientError } from '@panda2zoho/kafka';
import type { ZohoAuth } from './zoho-auth.ts';
import { codeLabel, endpointTemplate, type ZohoCall, type ZohoCallObserver } from './zoho-call-observer.ts';

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
  /** Told about every call (metrics: createZohoMetrics). */
  observer?: ZohoCallObserver;
}

/** What a call is, for metrics: the endpoint template and what Zoho charges for it. */
export interface CallInfo {
  endpoint?: string;
  /** Credits by Zoho's table; default 1. */
  credits?: number;
}

const CREDITS_HEADER = 'x-api-credits-remaining';

/** Zoho charges a call that reached the API: not one refused for its token (401) or its limits (429), nor a server error. */
function chargedCredits(status: number, credits: number): number {
  return status === 401 || status === 429 || status >= 500 ? 0 : credits;
}

/**
 * Plain-HTTP Zoho CRM v8 client. Classifies every failure: 429, 5xx and network errors are transient;
 * an expired token is refreshed once; other 4xx are permanent. Per-item codes in a 2xx write
 * response are data, returned to the caller, never thrown.
 */
export class ZohoClient {
  constructor(private readonly options: ZohoClientOptions) {}

  async request(method: string, path: string, body?: unknown, info: CallInfo = {}): Promise<{ status: number; json: unknown }> {
    return this.send(method, path, body, { method, endpoint: info.endpoint ?? endpointTemplate(path) }, info.credits ?? 1, false);
  }

  private async send(method: string, path: string, body: unknown, call: ZohoCall, credits: number, retriedAuth: boolean): Promise<{ status: number; json: unknown }> {
    const token = await this.options.auth.token();
    const base = this.options.apiUrl ?? token.apiDomain;
    const observer = this.options.observer;
    const startedAt = performance.now();
    const finish = (status: number | undefined, code: string, headers?: Headers) => {
      const remaining = Number(headers?.get(CREDITS_HEADER) ?? Number.NaN);
      observer?.finished(call, {
        status: status === undefined ? 'none' : String(status),
        code,
        durationSeconds: (performance.now() - startedAt) / 1000,
        creditsCharged: status === undefined ? 0 : chargedCredits(status, credits),
        ...(Number.isFinite(remaining) ? { creditsRemaining: remaining } : {}),
      });
    };
    observer?.started(call);
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers: { Authorization: `Zoho-oauthtoken ${token.token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 60_000),
      });
    } catch (error) {
      finish(undefined, 'NO_RESPONSE');
      throw new TransientError('ZOHO_UNREACHABLE', `${method} ${path}: no response`, { cause: error });
    }
    const json = response.status === 204 ? null : ((await response.json().catch(() => null)) as unknown);
    const code = (json as { code?: string } | null)?.code;
    finish(response.status, codeLabel(code) ?? (response.ok ? 'OK' : 'OTHER'), response.headers);
    if (response.status === 204) return { status: 204, json: null };
    if (response.status === 401 && code === 'INVALID_TOKEN' && !retriedAuth) {
      this.options.auth.invalidate(token.token);
      return this.send(method, path, body, call, credits, true);
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
    const { json } = await this.request(
      'POST',
      `/crm/v8/${module}/upsert`,
      { data: records, duplicate_check_fields: duplicateCheckFields, trigger: [] },
      { endpoint: '/crm/v8/{module}/upsert', credits: Math.max(1, Math.ceil(records.length / 10)) },
    );
    const items = (json as { data?: unknown }).data;
    if (!Array.isArray(items) || items.length !== records.length) {
      throw new TransientError('ZOHO_MALFORMED_RESPONSE', `upsert answered ${Array.isArray(items) ? items.length : 'no'} results for ${records.length} records`);
    }
    return items as ZohoItemResult[];
  }

  async fields(module: string): Promise<ZohoField[]> {
    const { json } = await this.request('GET', `/crm/v8/settings/fields?module=${encodeURIComponent(module)}`, undefined, { endpoint: '/crm/v8/settings/fields' });
    return ((json as { fields?: ZohoField[] } | null)?.fields ?? []) as ZohoField[];
  }

  async createFields(module: string, fields: Array<Record<string, unknown>>): Promise<ZohoItemResult[]> {
    const { json } = await this.request('POST', `/crm/v8/settings/fields?module=${encodeURIComponent(module)}`, { fields }, { endpoint: '/crm/v8/settings/fields' });
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
      const { status, json } = await this.request('GET', `/crm/v8/${module}?${query.toString()}`, undefined, { endpoint: '/crm/v8/{module}' });
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
