import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A compensation is executed only when signed with the operator token the writer was given
 * (P2Z_OPERATOR_TOKEN): whoever can produce to Kafka cannot delete Zoho records without it. The
 * token itself never travels: the CLI sends HMAC-SHA256(token, compensation id).
 */
export function signCompensation(token: string, compensationId: string): string {
  return createHmac('sha256', token).update(compensationId).digest('hex');
}

export function isSignedBy(token: string | undefined, compensationId: string, tag: string): boolean {
  if (!token) return false;
  const expected = Buffer.from(signCompensation(token, compensationId), 'hex');
  const given = Buffer.from(tag, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Operator tokens are secrets: long enough not to be guessed. */
export const MIN_OPERATOR_TOKEN_LENGTH = 16;
