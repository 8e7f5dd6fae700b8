import { z } from 'zod';
import { AdaptiveLimiter, EDITION_CONCURRENCY, type ZohoEdition } from './adaptive-limiter.ts';
import { CreditBudget, type CreditBudgetObserver } from './credit-budget.ts';
import type { ZohoCredentials } from './zoho-auth.ts';
import { ZOHO_DATA_CENTRES, zohoEndpoints, type ZohoDataCentre } from './zoho-data-centres.ts';

const DATA_CENTRES = Object.keys(ZOHO_DATA_CENTRES) as [ZohoDataCentre, ...ZohoDataCentre[]];
const EDITIONS = Object.keys(EDITION_CONCURRENCY) as [ZohoEdition, ...ZohoEdition[]];

/** Zoho connection settings shared by the writer and the reconciler. */
export const zohoEnv = {
  /** The accounts (token) server; optional when ZOHO_DC names the data centre. */
  ZOHO_ACCOUNTS_URL: z.url().optional(),
  /** Data centre (us, eu, in, au, jp, ca, sa, cn): accounts server and Bulk Write upload host. */
  ZOHO_DC: z.enum(DATA_CENTRES).optional(),
  /** production (api_domain from the token), sandbox or developer (sandbox./developer.zohoapis.{tld}). */
  ZOHO_ENVIRONMENT: z.enum(['production', 'sandbox', 'developer']).default('production'),
  /** Optional: overrides the api_domain returned with the token (and the sandbox host). */
  ZOHO_API_URL: z.url().optional(),
  /** Optional: the Bulk Write upload host; default from ZOHO_DC, else the API domain (the emulator). */
  ZOHO_UPLOAD_URL: z.url().optional(),
  ZOHO_CLIENT_ID: z.string().min(1),
  ZOHO_CLIENT_SECRET: z.string().min(1),
  ZOHO_REFRESH_TOKEN: z.string().min(1),
  /** The org's edition: the concurrency the client allows itself (Free 5 … Ultimate 25). */
  ZOHO_EDITION: z.enum(EDITIONS).default('enterprise'),
  /** Optional: lower than the edition's when other integrations call Zoho with the same user and app. */
  ZOHO_MAX_CONCURRENCY: z.coerce.number().int().positive().optional(),
  /**
   * Optional: the org's rolling 24 h API credit budget (Setup → Developer Space → APIs → API dashboard).
   * Exported as p2z_zoho_credits_daily_limit; with it the client keeps its own budget and pauses at the reserve.
   */
  ZOHO_CREDITS_PER_DAY: z.coerce.number().int().positive().optional(),
  /** Credits left for the practice's other integrations: the client waits rather than spend them. */
  ZOHO_CREDIT_RESERVE: z.coerce.number().int().nonnegative().default(0),
  /** Per-request timeout (ms) before a call counts as failed and is retried; Zoho answers most calls in well under 60 s. */
  ZOHO_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000),
};

export interface ZohoEnvValues {
  ZOHO_ACCOUNTS_URL?: string | undefined;
  ZOHO_DC?: ZohoDataCentre | undefined;
  ZOHO_ENVIRONMENT?: 'production' | 'sandbox' | 'developer' | undefined;
  ZOHO_API_URL?: string | undefined;
  ZOHO_UPLOAD_URL?: string | undefined;
  ZOHO_CLIENT_ID: string;
  ZOHO_CLIENT_SECRET: string;
  ZOHO_REFRESH_TOKEN: string;
  ZOHO_EDITION?: ZohoEdition | undefined;
  ZOHO_MAX_CONCURRENCY?: number | undefined;
  ZOHO_CREDITS_PER_DAY?: number | undefined;
  ZOHO_CREDIT_RESERVE?: number | undefined;
  ZOHO_TIMEOUT_MS?: number | undefined;
}

function endpoints(env: ZohoEnvValues) {
  return env.ZOHO_DC ? zohoEndpoints(env.ZOHO_DC, env.ZOHO_ENVIRONMENT ?? 'production') : undefined;
}

export function zohoCredentialsFrom(env: ZohoEnvValues): ZohoCredentials {
  const accountsUrl = env.ZOHO_ACCOUNTS_URL ?? endpoints(env)?.accountsUrl;
  if (!accountsUrl) throw new Error('set ZOHO_ACCOUNTS_URL or ZOHO_DC');
  return { accountsUrl, clientId: env.ZOHO_CLIENT_ID, clientSecret: env.ZOHO_CLIENT_SECRET, refreshToken: env.ZOHO_REFRESH_TOKEN };
}

/** Everything of ZohoClientOptions that comes from the environment, except auth and observer. */
export function zohoClientSettingsFrom(
  env: ZohoEnvValues,
  hooks: { budgetObserver?: CreditBudgetObserver; log?: (message: string, fields?: Record<string, string | number>) => void } = {},
): { apiUrl?: string; uploadUrl?: string; timeoutMs?: number; limiter: AdaptiveLimiter; budget?: CreditBudget } {
  const dc = endpoints(env);
  const apiUrl = env.ZOHO_API_URL ?? dc?.apiUrl;
  const uploadUrl = env.ZOHO_UPLOAD_URL ?? dc?.uploadUrl;
  const maxConcurrency = env.ZOHO_MAX_CONCURRENCY ?? EDITION_CONCURRENCY[env.ZOHO_EDITION ?? 'enterprise'];
  return {
    ...(apiUrl ? { apiUrl } : {}),
    ...(uploadUrl ? { uploadUrl } : {}),
    ...(env.ZOHO_TIMEOUT_MS ? { timeoutMs: env.ZOHO_TIMEOUT_MS } : {}),
    limiter: new AdaptiveLimiter({ maxConcurrency }),
    ...(env.ZOHO_CREDITS_PER_DAY
      ? { budget: new CreditBudget({ creditsPerDay: env.ZOHO_CREDITS_PER_DAY, reserve: env.ZOHO_CREDIT_RESERVE ?? 0, ...(hooks.budgetObserver ? { observer: hooks.budgetObserver } : {}), ...(hooks.log ? { log: hooks.log } : {}) }) }
      : {}),
  };
}
