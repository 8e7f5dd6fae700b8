import { backoffDelay, PermanentError, TransientError } from '@panda2zoho/kafka';
import { AdaptiveLimiter, EDITION_CONCURRENCY, type ZohoEdition } from './adaptive-limiter.ts';
import type { CreditBudget } from './credit-budget.ts';
import { classifyZohoCall } from './zoho-call-class.ts';
import type { ZohoAuth } from './zoho-auth.ts';
import { endpointTemplate, type ZohoCall, type ZohoCallObserver } from './zoho-call-observer.ts';
import { answerError, retryAfterMs, sendOnce, type Attempt } from './zoho-http.ts';
import { tokenDestination } from './zoho-token-hosts.ts';

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

export interface ZohoRetryOptions {
  /** Attempts for a 5xx / no answer on an idempotent call (default 6). */
  maxAttempts?: number;
  /** Attempts while Zoho answers 429 (default 20): a 429 was never processed, so any call may repeat it. */
  max429Attempts?: number;
  initialDelayMs?: number;
  maxDelayMs?: number;
}

export interface ZohoClientOptions {
  auth: ZohoAuth;
  /** Overrides the token's api_domain (sandbox/developer orgs, tests); otherwise api_domain is used as Zoho says to. */
  apiUrl?: string;
  /** Bulk Write upload host (reference §5): https://content.zohoapis.{tld}; default: the API domain (the emulator). */
  uploadUrl?: string;
  timeoutMs?: number;
  /** Told about every call (metrics: createZohoMetrics). */
  observer?: ZohoCallObserver;
  /** The org's edition: sets the concurrency the limiter allows (default enterprise, 20). */
  edition?: ZohoEdition;
  /** A limiter shared by several clients of the same OAuth app and user; default: one of the edition's size. */
  limiter?: AdaptiveLimiter;
  /** The daily credit budget with its reserve; none = no client-side budget. */
  budget?: CreditBudget;
  retry?: ZohoRetryOptions;
  sleep?: (ms: number) => Promise<void>;
  /** Operational log lines (codes and counts only). */
  log?: (message: string, fields?: Record<string, string | number>) => void;
}

/** What a call is; anything not given is derived from method, path and body (classifyZohoCall). */
export interface CallInfo {
  endpoint?: string;
  credits?: number;
  complex?: boolean;
  idempotent?: boolean;
  headers?: Record<string, string>;
  /** Return the body as bytes (ZIP downloads). */
  binary?: boolean;
}

export interface ZohoResponse {
  status: number;
  json: unknown;
  bytes?: Buffer;
}

const CREDITS_HEADER = 'x-api-credits-remaining';

/** Zoho charges a call that reached the API: not one refused for its token (401) or its limits (429), nor a server error. */
function chargedCredits(status: number, credits: number): number {
  return status === 401 || status === 429 || status >= 500 ? 0 : credits;
}

/**
 * Plain-HTTP Zoho CRM v8 transport (ZohoClient adds the record APIs). Every call passes the credit budget, then the adaptive limiter.
 * 429 → back off, halve concurrency, repeat (Zoho did not process it). 5xx / no answer → repeat with
 * backoff only when the call is idempotent; a plain insert's failure goes back to the caller, whose
 * ledger decides. 401 INVALID_TOKEN → one refresh and one repeat. Other 4xx are permanent. Per-item
 * codes in a write response are data, returned, never thrown. Errors name the endpoint template only.
 */
export class ZohoApi {
  readonly limiter: AdaptiveLimiter;
  constructor(private readonly options: ZohoClientOptions) {
    this.limiter = options.limiter ?? new AdaptiveLimiter({ maxConcurrency: EDITION_CONCURRENCY[options.edition ?? 'enterprise'] });
  }

  async request(method: string, path: string, body?: unknown, info: CallInfo = {}): Promise<ZohoResponse> {
    if (path.startsWith('http')) await this.#checkTokenDestination(method, path, info.endpoint ?? 'an absolute URL');
    const derived = classifyZohoCall(method, path.startsWith('http') ? new URL(path).pathname : path, body);
    const credits = info.credits ?? derived.credits;
    const complex = info.complex ?? derived.complex;
    const idempotent = info.idempotent ?? derived.idempotent;
    const call: ZohoCall = { method, endpoint: info.endpoint ?? endpointTemplate(path.startsWith('http') ? new URL(path).pathname : path) };
    const retry = this.options.retry ?? {};
    const policy = { initialDelayMs: retry.initialDelayMs ?? 200, maxDelayMs: retry.maxDelayMs ?? 15_000, maxAttempts: retry.maxAttempts ?? 6 };
    let failures = 0;
    let throttles = 0;
    let refreshed = false;
    for (;;) {
      const attempt = await this.#attempt(method, path, body, info, call, credits, complex);
      if (attempt.kind === 'answered' && attempt.status === 401 && attempt.code === 'INVALID_TOKEN' && !refreshed) {
        refreshed = true;
        continue;
      }
      if (attempt.kind === 'answered' && attempt.status === 429) {
        const delay = this.limiter.throttled(retryAfterMs(attempt.headers, Date.now()));
        if (++throttles >= (retry.max429Attempts ?? 20)) throw answerError(method, call.endpoint, 429, attempt.code);
        this.options.log?.('zoho answered 429: backing off and lowering concurrency', { endpoint: call.endpoint, concurrency: this.limiter.limit, delayMs: delay });
        continue; // the limiter holds every new call for the backoff
      }
      const failed = attempt.kind === 'no-response' || attempt.status >= 500;
      if (!failed) {
        this.limiter.succeeded();
        return this.#result(method, call, attempt);
      }
      const error =
        attempt.kind === 'no-response'
          ? new TransientError(attempt.timedOut ? 'ZOHO_TIMEOUT' : 'ZOHO_UNREACHABLE', `${method} ${call.endpoint}: no response`, { cause: attempt.cause })
          : answerError(method, call.endpoint, attempt.status, attempt.code);
      // A non-idempotent call that got no clear answer may have been processed: never repeated blindly.
      // ZOHO_OUTCOME_UNKNOWN tells the caller to look (search by its key) before sending it again.
      if (!idempotent) {
        const reason = attempt.kind === 'no-response' ? (attempt.timedOut ? 'timed out' : 'no response') : `HTTP ${attempt.status}`;
        throw new TransientError('ZOHO_OUTCOME_UNKNOWN', `${method} ${call.endpoint}: ${reason}; not repeated, the call is not idempotent`, { cause: error });
      }
      if (++failures >= policy.maxAttempts) throw error;
      await this.#sleep(backoffDelay(policy, failures - 1));
    }
  }

  async #attempt(method: string, path: string, body: unknown, info: CallInfo, call: ZohoCall, credits: number, complex: boolean): Promise<Attempt> {
    await this.options.budget?.take(credits);
    const token = await this.options.auth.token();
    const release = await this.limiter.acquire(complex);
    const observer = this.options.observer;
    const startedAt = performance.now();
    observer?.started(call);
    let attempt: Attempt;
    try {
      const base = this.options.apiUrl ?? token.apiDomain;
      attempt = await sendOnce({
        url: path.startsWith('http') ? path : `${base}${path}`,
        method,
        token: token.token,
        body,
        headers: info.headers ?? {},
        timeoutMs: this.options.timeoutMs ?? 60_000,
        binary: info.binary ?? false,
      });
    } finally {
      release();
    }
    const remaining = attempt.kind === 'answered' ? Number(attempt.headers.get(CREDITS_HEADER) ?? Number.NaN) : Number.NaN;
    const status = attempt.kind === 'answered' ? attempt.status : undefined;
    const charged = status === undefined ? 0 : chargedCredits(status, credits);
    if (this.options.budget && status !== undefined && charged === 0) this.options.budget.refund(credits);
    if (Number.isFinite(remaining)) this.options.budget?.remainingReported(remaining);
    observer?.finished(call, {
      status: status === undefined ? 'none' : String(status),
      code: attempt.kind === 'answered' ? (attempt.code ?? (attempt.status < 400 ? 'OK' : 'OTHER')) : 'NO_RESPONSE',
      durationSeconds: (performance.now() - startedAt) / 1000,
      creditsCharged: charged,
      ...(Number.isFinite(remaining) ? { creditsRemaining: remaining } : {}),
    });
    if (attempt.kind === 'answered' && attempt.status === 401 && attempt.code === 'INVALID_TOKEN') this.options.auth.invalidate(token.token);
    return attempt;
  }

  /**
   * A whole URL (a Bulk Write result's download_url, the upload host) gets the token only on a host
   * of Zoho's (zoho-token-hosts.ts); anything else is refused before any request, permanently (the
   * same URL will not change). Node's fetch drops the Authorization header on a cross-origin redirect.
   */
  async #checkTokenDestination(method: string, url: string, endpoint: string): Promise<void> {
    const apiBase = this.options.apiUrl ?? (await this.options.auth.token()).apiDomain;
    const verdict = tokenDestination(url, { apiBase, uploadBase: await this.uploadBase() });
    if (verdict.allowed) return;
    this.options.log?.('zoho: refused to send the OAuth token to a host that is not Zoho\'s', { endpoint, host: verdict.host });
    throw new PermanentError('ZOHO_UNTRUSTED_HOST', `${method} ${endpoint}: the OAuth token is not sent to ${verdict.host} (${verdict.reason})`);
  }

  #result(method: string, call: ZohoCall, attempt: Extract<Attempt, { kind: 'answered' }>): ZohoResponse {
    if (attempt.status === 204) return { status: 204, json: null };
    if (attempt.status >= 400 && !isItemArray(attempt.json)) throw answerError(method, call.endpoint, attempt.status, attempt.code);
    return { status: attempt.status, json: attempt.json, ...(attempt.bytes ? { bytes: attempt.bytes } : {}) };
  }

  #sleep(ms: number): Promise<void> {
    return (this.options.sleep ?? ((t: number) => new Promise<void>((r) => setTimeout(r, t))))(ms);
  }

  /** The Bulk Write upload host (reference §5). */
  async uploadBase(): Promise<string> {
    return this.options.uploadUrl ?? this.options.apiUrl ?? (await this.options.auth.token()).apiDomain;
  }
}

function isItemArray(json: unknown): boolean {
  return Array.isArray((json as { data?: unknown } | null)?.data);
}
