import { PermanentError, TransientError } from '@panda2zoho/kafka';
import { codeLabel } from './zoho-call-observer.ts';

/** What one HTTP exchange with Zoho came to, before any retry decision. */
export type Attempt =
  | { kind: 'answered'; status: number; json: unknown; bytes?: Buffer; headers: Headers; code: string | undefined }
  | { kind: 'no-response'; timedOut: boolean; cause: unknown };

export interface SendSpec {
  url: string;
  method: string;
  token: string;
  body: unknown;
  headers: Record<string, string>;
  timeoutMs: number;
  binary: boolean;
}

/** One fetch; never throws for an HTTP status, only reports it. */
export async function sendOnce(spec: SendSpec): Promise<Attempt> {
  const isForm = spec.body instanceof FormData;
  const headers: Record<string, string> = { Authorization: `Zoho-oauthtoken ${spec.token}`, ...spec.headers };
  if (spec.body !== undefined && !isForm) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(spec.url, {
      method: spec.method,
      headers,
      ...(spec.body === undefined ? {} : { body: isForm ? (spec.body as FormData) : JSON.stringify(spec.body) }),
      signal: AbortSignal.timeout(spec.timeoutMs),
    });
  } catch (error) {
    return { kind: 'no-response', timedOut: (error as { name?: string } | null)?.name === 'TimeoutError', cause: error };
  }
  try {
    if (spec.binary && response.ok) {
      return { kind: 'answered', status: response.status, json: null, bytes: Buffer.from(await response.arrayBuffer()), headers: response.headers, code: undefined };
    }
    const text = response.status === 204 ? '' : await response.text();
    let json: unknown = null;
    try {
      json = text === '' ? null : (JSON.parse(text) as unknown);
    } catch {
      json = null;
    }
    return { kind: 'answered', status: response.status, json, headers: response.headers, code: codeLabel((json as { code?: unknown } | null)?.code) };
  } catch (error) {
    // The body was cut off (a timeout while reading counts as no answer).
    return { kind: 'no-response', timedOut: (error as { name?: string } | null)?.name === 'TimeoutError', cause: error };
  }
}

/** Retry-After (seconds or HTTP date) or X-RATELIMIT-RESET (epoch seconds, or seconds from now), when Zoho sends either. */
export function retryAfterMs(headers: Headers, nowMs: number): number | undefined {
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const at = Date.parse(retryAfter);
    if (Number.isFinite(at)) return Math.max(0, at - nowMs);
  }
  const reset = Number(headers.get('x-ratelimit-reset') ?? Number.NaN);
  if (Number.isFinite(reset) && reset >= 0) return reset > 1e9 ? Math.max(0, reset * 1000 - nowMs) : reset * 1000;
  return undefined;
}

/** The error for an answer that is not data: Zoho's code, the method and the endpoint template, no values. */
export function answerError(method: string, endpoint: string, status: number, code: string | undefined): Error {
  const what = `${method} ${endpoint}: HTTP ${status}${code ? ` ${code}` : ''}`;
  if (status === 429) return new TransientError('ZOHO_TOO_MANY_REQUESTS', what);
  if (status >= 500) return new TransientError('ZOHO_SERVER_ERROR', what);
  return new PermanentError(`ZOHO_${code ?? `HTTP_${status}`}`, what);
}
