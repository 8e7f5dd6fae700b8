import { PermanentError, TransientError } from '@panda2zoho/kafka';

export interface ZohoCredentials {
  /** Accounts server of the org's data centre, e.g. https://accounts.zoho.com (or the emulator). */
  accountsUrl: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

/** A scheme, a host and maybe a port, nothing else: where API calls may go. */
const API_ORIGIN = /^https?:\/\/[A-Za-z0-9.-]{1,253}(:\d{1,5})?$/;

export interface AccessToken {
  token: string;
  apiDomain: string;
  expiresAtMs: number;
}

/**
 * One access token per process, refreshed behind a single-flight lock: Zoho allows only 10 refreshes
 * per refresh token per 10 minutes, so concurrent callers must share one refresh. Refreshed 5 minutes
 * before expiry. Tokens never reach a log or an error message.
 */
export class ZohoAuth {
  private current: AccessToken | undefined;
  private inFlight: Promise<AccessToken> | undefined;

  constructor(
    private readonly credentials: ZohoCredentials,
    private readonly now: () => number = Date.now,
  ) {}

  async token(): Promise<AccessToken> {
    if (this.current && this.current.expiresAtMs - 300_000 > this.now()) return this.current;
    this.inFlight ??= this.refresh().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  /** After a 401 INVALID_TOKEN (expired early, or evicted as the 16th token): forget it. */
  invalidate(token: string): void {
    if (this.current?.token === token) this.current = undefined;
  }

  private async refresh(): Promise<AccessToken> {
    const body = new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: this.credentials.clientId,
      client_secret: this.credentials.clientSecret,
      refresh_token: this.credentials.refreshToken,
    });
    let response: Response;
    try {
      response = await fetch(`${this.credentials.accountsUrl}/oauth/v2/token`, { method: 'POST', body, signal: AbortSignal.timeout(30_000) });
    } catch (error) {
      throw new TransientError('ZOHO_ACCOUNTS_UNREACHABLE', 'token refresh failed: accounts server unreachable', { cause: error });
    }
    if (response.status >= 500 || response.status === 429) {
      throw new TransientError('ZOHO_ACCOUNTS_UNAVAILABLE', `token refresh answered HTTP ${response.status}`);
    }
    const parsed: unknown = await response.json().catch(() => null);
    const json: Record<string, unknown> = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
    const accessToken = json['access_token'];
    if (typeof accessToken === 'string' && /^[\x21-\x7e]{1,2048}$/.test(accessToken)) {
      const expiresIn = typeof json['expires_in'] === 'number' && Number.isFinite(json['expires_in']) && json['expires_in'] > 0 ? json['expires_in'] : 3600;
      // Requests (with the token) go to api_domain: only a plain origin is believed, else the accounts server's.
      const apiDomain = typeof json['api_domain'] === 'string' && API_ORIGIN.test(json['api_domain']) ? json['api_domain'] : this.credentials.accountsUrl;
      this.current = { token: accessToken, apiDomain, expiresAtMs: this.now() + expiresIn * 1000 };
      return this.current;
    }
    // Throttled refreshes come back as HTTP 200 "Access Denied": wait and try again.
    if (json['error'] === 'Access Denied') throw new TransientError('ZOHO_TOKEN_THROTTLED', 'token refresh throttled by Zoho');
    // Zoho's error names (invalid_client, invalid_code…) are repeated; anything else, which could echo a credential, is not.
    const error = json['error'];
    const named = typeof error === 'string' && /^[A-Za-z][A-Za-z_ ]{0,63}$/.test(error) && !Object.values(this.credentials).includes(error) ? error : undefined;
    throw new PermanentError('ZOHO_AUTH_FAILED', `token refresh refused: ${named ?? `HTTP ${response.status}`}`);
  }
}
