import { createHmac } from 'node:crypto';
import type { TableDefinition } from './table-definition.ts';

/** HMAC-SHA256 (hex) of a value under a secret. The caller holds the secret; neither is ever logged. */
export function hmacToken(secret: string): (value: string) => string {
  return (value) => createHmac('sha256', secret).update(value).digest('hex');
}

/** The SSN's token: HMAC of its digits only, so "123-45-6789" and "123456789" are one person. */
export function ssnTokeniser(secret: string): (value: string) => string {
  const hmac = hmacToken(secret);
  return (value) => hmac(value.replace(/\D/g, ''));
}

/**
 * The table definitions with every excluded `ssn` column tokenised by `tokenise` (the canonical record
 * then carries `ssnToken`, never the SSN). Other excluded columns stay dropped.
 */
export function withSsnTokenised(tables: readonly TableDefinition[], tokenise: (value: string) => string): TableDefinition[] {
  return tables.map((t) => ({ ...t, columns: t.columns.map((c) => (c.excluded && c.field === 'ssn' ? { ...c, tokenise } : c)) }));
}
