// Shared helpers for the emulator's own tests: a real server on an ephemeral port, a token, and a
// small fetch wrapper. Not exported from index.ts.
import { DEFAULT_CLIENT, startZohoEmulator, type RunningZohoEmulator, type ZohoEmulatorOptions } from './index.ts';

export interface ApiResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON body, or null for an empty body (204). */
  // `any` on purpose: tests poke into arbitrary Zoho response shapes.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
  json: any;
}

export interface TestEmulator {
  emulator: RunningZohoEmulator;
  url: string;
  token: string;
  api(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse>;
  close(): Promise<void>;
}

/** A controllable clock for expiry and rolling-window tests. */
export function manualClock(startMs = Date.UTC(2025, 0, 15, 9, 0, 0)): { now: () => number; advance(ms: number): void } {
  let current = startMs;
  return {
    now: () => current,
    advance: (ms: number) => {
      current += ms;
    },
  };
}

export async function toApiResponse(res: Response): Promise<ApiResponse> {
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text === '' ? null : JSON.parse(text) };
}

export async function requestToken(url: string, params: Record<string, string> = {}): Promise<ApiResponse> {
  const query = new URLSearchParams({
    grant_type: 'refresh_token',
    client_id: DEFAULT_CLIENT.clientId,
    client_secret: DEFAULT_CLIENT.clientSecret,
    refresh_token: DEFAULT_CLIENT.refreshToken,
    ...params,
  });
  return toApiResponse(await fetch(`${url}/oauth/v2/token?${query.toString()}`, { method: 'POST' }));
}

export async function callApi(url: string, token: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse> {
  const init: RequestInit = { method, headers: { Authorization: `Zoho-oauthtoken ${token}`, ...headers } };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)['Content-Type'] = 'application/json';
  }
  return toApiResponse(await fetch(`${url}${path}`, init));
}

export async function startTestEmulator(options: ZohoEmulatorOptions = {}): Promise<TestEmulator> {
  const emulator = await startZohoEmulator({ host: '127.0.0.1', port: 0, ...options });
  const tokenResponse = await requestToken(emulator.url);
  const token = tokenResponse.json?.access_token;
  if (typeof token !== 'string') throw new Error('emulator did not issue a token');
  return {
    emulator,
    url: emulator.url,
    token,
    api: (method, path, body, headers) => callApi(emulator.url, token, method, path, body, headers),
    close: () => emulator.close(),
  };
}

/** Contact input with the mandatory field filled in. */
export function contact(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { Last_Name: 'Example', ...overrides };
}
