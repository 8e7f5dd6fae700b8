import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Operator authentication: the token compared in constant time, and a signed session for the console
 * (HttpOnly cookie) with a CSRF token derived from it. The token itself never leaves the server after
 * login, never appears in a URL, a log line or an error.
 */

const digest = (value: string) => createHmac('sha256', 'p2z-operator-token-compare').update(value).digest();

/** Constant time whatever the lengths: both sides are hashed to 32 bytes first. */
export function tokenMatches(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  return timingSafeEqual(digest(given), digest(expected));
}

/** An operator's name: what the audit trail records. Letters, digits, space, dot, dash, @, underscore. */
export function validActorName(name: string | undefined): string | null {
  const trimmed = name?.trim() ?? '';
  return /^[\p{L}\p{N} ._@-]{1,64}$/u.test(trimmed) ? trimmed : null;
}

const sign = (secret: string, payload: string) => createHmac('sha256', secret).update(payload).digest('base64url');

export interface Session {
  actor: string;
  issuedAtMs: number;
}

export function issueSession(secret: string, actor: string, nowMs: number): string {
  const payload = `${Buffer.from(actor).toString('base64url')}.${nowMs}`;
  return `${payload}.${sign(secret, `session:${payload}`)}`;
}

export function readSession(secret: string, cookie: string | undefined, nowMs: number, maxAgeMs: number): Session | null {
  const parts = cookie?.split('.') ?? [];
  if (parts.length !== 3) return null;
  const [actor64, issued, signature] = parts as [string, string, string];
  const expected = sign(secret, `session:${actor64}.${issued}`);
  if (signature.length !== expected.length || !timingSafeEqual(Buffer.from(signature), Buffer.from(expected))) return null;
  const issuedAtMs = Number(issued);
  if (!Number.isFinite(issuedAtMs) || nowMs - issuedAtMs > maxAgeMs || issuedAtMs > nowMs + 60_000) return null;
  return { actor: Buffer.from(actor64, 'base64url').toString('utf8'), issuedAtMs };
}

/** The CSRF token of a session: a form must send it back; another site can neither read nor forge it. */
export function csrfToken(secret: string, sessionCookie: string): string {
  return sign(secret, `csrf:${sessionCookie}`);
}

export function csrfMatches(secret: string, sessionCookie: string, given: string | undefined): boolean {
  if (!given) return false;
  const expected = csrfToken(secret, sessionCookie);
  return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}
