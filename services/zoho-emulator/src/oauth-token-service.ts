// Zoho Accounts refresh-token grant and access-token validation (reference §1.2).
// Limits: at most 10 access tokens per refresh token per 10 minutes, at most 15 active per refresh
// token (the 16th evicts the oldest). Tokens live in SQLite so a restarted emulator honours them.
import { randomBytes } from 'node:crypto';
import type { Db } from './database.ts';
import type { OAuthClientCredentials } from './options.ts';

export const TOKEN_ISSUE_WINDOW_MS = 10 * 60 * 1000;
export const MAX_TOKENS_PER_WINDOW = 10;
export const MAX_ACTIVE_TOKENS = 15;

export type TokenGrantResult =
  | { ok: true; body: { access_token: string; api_domain: string; token_type: 'Bearer'; expires_in: number } }
  | { ok: false; body: { error: string; error_description?: string } };

export interface TokenGrantParams {
  grant_type?: string;
  client_id?: string;
  client_secret?: string;
  refresh_token?: string;
}

export type TokenCheck = { ok: true; clientId: string } | { ok: false };

export class OAuthTokenService {
  readonly #db: Db;
  readonly #clients: OAuthClientCredentials[];
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(deps: { db: Db; clients: OAuthClientCredentials[]; tokenTtlSeconds: number; now: () => number }) {
    this.#db = deps.db;
    this.#clients = deps.clients;
    this.#ttlMs = deps.tokenTtlSeconds * 1000;
    this.#now = deps.now;
  }

  grant(params: TokenGrantParams, apiDomain: string): TokenGrantResult {
    // Zoho answers these errors with HTTP 200 and an {"error": …} body; the grant_type wording is UNCONFIRMED.
    if (params.grant_type !== 'refresh_token') return { ok: false, body: { error: 'unsupported_grant_type' } };
    const client = this.#clients.find((c) => c.clientId === params.client_id);
    if (!client || client.clientSecret !== params.client_secret) return { ok: false, body: { error: 'invalid_client' } };
    if (client.refreshToken !== params.refresh_token) return { ok: false, body: { error: 'invalid_code' } };

    const now = this.#now();
    const issuedRecently = this.#db
      .prepare('SELECT COUNT(*) AS n FROM access_tokens WHERE refresh_token = ? AND issued_ms > ?')
      .get(client.refreshToken, now - TOKEN_ISSUE_WINDOW_MS) as { n: number };
    if (issuedRecently.n >= MAX_TOKENS_PER_WINDOW) {
      return {
        ok: false,
        body: {
          error: 'Access Denied',
          error_description: 'You have made too many requests continuously. Please try again after some time.',
        },
      };
    }

    const token = `1000.${randomBytes(16).toString('hex')}.${randomBytes(16).toString('hex')}`;
    this.#db
      .prepare('INSERT INTO access_tokens (token, client_id, refresh_token, issued_ms, expires_ms) VALUES (?, ?, ?, ?, ?)')
      .run(token, client.clientId, client.refreshToken, now, now + this.#ttlMs);
    this.#evictBeyondActiveLimit(client.refreshToken, now);
    return {
      ok: true,
      body: { access_token: token, api_domain: apiDomain, token_type: 'Bearer', expires_in: Math.round(this.#ttlMs / 1000) },
    };
  }

  check(token: string): TokenCheck {
    const row = this.#db
      .prepare('SELECT client_id, expires_ms, revoked FROM access_tokens WHERE token = ?')
      .get(token) as { client_id: string; expires_ms: number; revoked: number } | undefined;
    if (!row || row.revoked !== 0 || row.expires_ms <= this.#now()) return { ok: false };
    return { ok: true, clientId: row.client_id };
  }

  #evictBeyondActiveLimit(refreshToken: string, now: number): void {
    const active = this.#db
      .prepare('SELECT token FROM access_tokens WHERE refresh_token = ? AND revoked = 0 AND expires_ms > ? ORDER BY issued_ms, rowid')
      .all(refreshToken, now) as Array<{ token: string }>;
    const excess = active.length - MAX_ACTIVE_TOKENS;
    if (excess <= 0) return;
    const revoke = this.#db.prepare('UPDATE access_tokens SET revoked = 1 WHERE token = ?');
    for (const { token } of active.slice(0, excess)) revoke.run(token);
  }
}
