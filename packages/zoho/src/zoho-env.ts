import { z } from 'zod';
import type { ZohoCredentials } from './zoho-auth.ts';

/** Zoho connection settings shared by the writer and the reconciler. */
export const zohoEnv = {
  ZOHO_ACCOUNTS_URL: z.url(),
  /** Optional: overrides the api_domain returned with the token. */
  ZOHO_API_URL: z.url().optional(),
  ZOHO_CLIENT_ID: z.string().min(1),
  ZOHO_CLIENT_SECRET: z.string().min(1),
  ZOHO_REFRESH_TOKEN: z.string().min(1),
  /**
   * Optional: the org's rolling 24 h API credit budget (Setup → Developer Space → APIs → API dashboard).
   * Exported as p2z_zoho_credits_daily_limit, the base of the "credits below 20 %" alert.
   */
  ZOHO_CREDITS_PER_DAY: z.coerce.number().int().positive().optional(),
};

export function zohoCredentialsFrom(env: { ZOHO_ACCOUNTS_URL: string; ZOHO_CLIENT_ID: string; ZOHO_CLIENT_SECRET: string; ZOHO_REFRESH_TOKEN: string }): ZohoCredentials {
  return { accountsUrl: env.ZOHO_ACCOUNTS_URL, clientId: env.ZOHO_CLIENT_ID, clientSecret: env.ZOHO_CLIENT_SECRET, refreshToken: env.ZOHO_REFRESH_TOKEN };
}
