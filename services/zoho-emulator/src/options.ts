// Public configuration of the emulator and the defaults applied to it.
import type { Edition } from './credit-ledger.ts';
import type { FaultConfig } from './fault-injector.ts';
import type { OrgUserSeed } from './org-identity.ts';

export type { Edition } from './credit-ledger.ts';
export type { FaultConfig } from './fault-injector.ts';

export interface OAuthClientCredentials {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

export interface ZohoEmulatorOptions {
  /** Interface to bind; default '127.0.0.1'. */
  host?: string;
  /** TCP port; default 0 (ephemeral). */
  port?: number;
  /** The origin announced as api_domain when clients reach the emulator by another name (a container host); default: the address it listens on. */
  publicUrl?: string;
  /** SQLite file; default ':memory:'. A file keeps the state inspectable after a demo and across restarts. */
  dbPath?: string;
  /** Zoho CRM edition; drives the daily credit formula and the concurrency limit. Default 'enterprise'. */
  edition?: Edition;
  /** Number of licensed users for the credit formula; default 10. */
  users?: number;
  /** Overrides the edition formula for the rolling 24 h credit budget (tests use a tiny budget). */
  creditsPerDay?: number;
  /** OAuth clients accepted by the token endpoint; default [DEFAULT_CLIENT]. */
  clients?: OAuthClientCredentials[];
  /** Access token lifetime; default 3600 (Zoho's documented 1 hour). */
  tokenTtlSeconds?: number;
  /** Clock in epoch milliseconds; injectable so token expiry and the credit window are testable without sleeping. */
  now?: () => number;
  /** Fault injection applied to /crm API calls; can be changed at run time via POST /__emulator/faults. */
  faults?: FaultConfig;
  /** The org's users beside the admin (GET /crm/v8/users; who may own records); default SEEDED_USERS. */
  orgUsers?: OrgUserSeed[];
}

export const DEFAULT_CLIENT = {
  clientId: 'p2z-local-client',
  clientSecret: 'p2z-local-secret',
  refreshToken: 'p2z-local-refresh-token',
} as const;

export interface ResolvedOptions {
  host: string;
  port: number;
  publicUrl: string | undefined;
  dbPath: string;
  edition: Edition;
  users: number;
  creditsPerDay: number | undefined;
  clients: OAuthClientCredentials[];
  tokenTtlSeconds: number;
  now: () => number;
  faults: FaultConfig;
  orgUsers: OrgUserSeed[] | undefined;
}

const EDITIONS: readonly Edition[] = ['free', 'standard', 'professional', 'enterprise', 'ultimate'];

export function resolveOptions(options: ZohoEmulatorOptions = {}): ResolvedOptions {
  const edition = options.edition ?? 'enterprise';
  if (!EDITIONS.includes(edition)) {
    throw new Error(`unknown Zoho edition '${String(edition)}'; expected one of ${EDITIONS.join(', ')}`);
  }
  const clients = options.clients ?? [{ ...DEFAULT_CLIENT }];
  if (clients.length === 0) throw new Error('at least one OAuth client is required');
  return {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    publicUrl: options.publicUrl,
    dbPath: options.dbPath ?? ':memory:',
    edition,
    users: options.users ?? 10,
    creditsPerDay: options.creditsPerDay,
    clients,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
    now: options.now ?? Date.now,
    faults: { ...(options.faults ?? {}) },
    orgUsers: options.orgUsers,
  };
}
