import { PermanentError } from '@panda2zoho/kafka';
import type { ZohoClient } from '@panda2zoho/zoho';
import { describePlan, planProvisioning, type OrgSchema, type ProvisioningStep } from '../domain/provisioning-plan.ts';
import type { ModuleSpec } from '../domain/zoho-schema.ts';

/** Zoho takes at most 5 fields per create call. */
const FIELDS_PER_CALL = 5;

/** The Account every Deal hangs from (Zoho requires Account_Name on Deals; patients are not Accounts). */
export const DEALS_ACCOUNT_KEY = 'panda2zoho:patients';
export const DEALS_ACCOUNT_NAME = 'PANDA Perio patients';

export interface ProvisioningReport {
  steps: ProvisioningStep[];
  lines: string[];
  applied: boolean;
}

async function readOrg(zoho: ZohoClient, desired: ModuleSpec[]): Promise<OrgSchema> {
  const { json } = await zoho.request('GET', '/crm/v8/settings/modules', undefined, { endpoint: '/crm/v8/settings/modules' });
  const modules = new Set(((json as { modules?: Array<{ api_name: string }> } | null)?.modules ?? []).map((m) => m.api_name));
  const fields = new Map<string, Set<string>>();
  for (const spec of desired) {
    if (!modules.has(spec.module)) continue;
    fields.set(spec.module, new Set((await zoho.fields(spec.module)).map((f) => f.api_name)));
  }
  return { modules, fields };
}

/** The profile that gets the custom module: the connected user's own (GET /users?type=CurrentUser). */
async function currentProfileId(zoho: ZohoClient): Promise<string> {
  const { json } = await zoho.request('GET', '/crm/v8/users?type=CurrentUser', undefined, { endpoint: '/crm/v8/users' });
  const id = (json as { users?: Array<{ profile?: { id?: string } }> } | null)?.users?.[0]?.profile?.id;
  if (!id) throw new PermanentError('ZOHO_PROVISIONING_FAILED', 'the connected user has no profile to grant the custom module to');
  return id;
}

function failures(items: Array<{ status: string; code: string }>): string[] {
  return items.filter((r) => r.status !== 'success' && r.code !== 'DUPLICATE_DATA').map((r) => r.code);
}

/**
 * Plans, and unless `dryRun` applies, the org's migration schema. Idempotent: what exists is not
 * created again, and a DUPLICATE_DATA from a concurrent provisioner counts as done.
 */
export async function provision(zoho: ZohoClient, desired: ModuleSpec[], options: { dryRun: boolean }): Promise<ProvisioningReport> {
  const steps = planProvisioning(desired, await readOrg(zoho, desired));
  const lines = describePlan(steps);
  if (options.dryRun || steps.length === 0) return { steps, lines, applied: false };
  for (const step of steps) {
    if (step.kind === 'create-module') {
      const body = { modules: [{ api_name: step.module, singular_label: step.singular_label, plural_label: step.plural_label, profiles: [{ id: await currentProfileId(zoho) }] }] };
      const { json } = await zoho.request('POST', '/crm/v8/settings/modules', body, { endpoint: '/crm/v8/settings/modules', credits: 500 });
      const failed = failures((json as { modules?: Array<{ status: string; code: string }> } | null)?.modules ?? [{ status: 'error', code: 'NO_RESULT' }]);
      if (failed.length > 0) throw new PermanentError('ZOHO_PROVISIONING_FAILED', `creating module ${step.module} failed: ${failed.join(', ')}`);
      continue;
    }
    for (let i = 0; i < step.fields.length; i += FIELDS_PER_CALL) {
      const chunk = step.fields.slice(i, i + FIELDS_PER_CALL).map(({ api_name: _apiName, ...definition }) => definition);
      const failed = failures(await zoho.createFields(step.module, chunk));
      if (failed.length > 0) throw new PermanentError('ZOHO_PROVISIONING_FAILED', `creating ${step.module} fields failed: ${failed.join(', ')}`);
    }
  }
  return { steps, lines, applied: true };
}

/** Upserts the Account Deals hang from; returns its id. Idempotent by PANDA_Account_Key. */
export async function ensureDealsAccount(zoho: ZohoClient): Promise<string> {
  const [item] = await zoho.upsert('Accounts', [{ PANDA_Account_Key: DEALS_ACCOUNT_KEY, Account_Name: DEALS_ACCOUNT_NAME }], ['PANDA_Account_Key']);
  const id = item?.details['id'];
  if (item?.status !== 'success' || typeof id !== 'string') throw new PermanentError('ZOHO_PROVISIONING_FAILED', `the Deals account could not be written: ${item?.code ?? 'no result'}`);
  return id;
}
