import { isPermanent, PermanentError } from '@panda2zoho/kafka';
import type { ZohoClient } from '@panda2zoho/zoho';
import { describePlan, planNotes, planProvisioning, type OrgLayout, type OrgSchema, type ProvisioningStep } from '../domain/provisioning-plan.ts';
import type { ProvisionedTarget } from '../domain/provisioning-ledger.ts';
import type { ModuleSpec } from '../domain/zoho-schema.ts';
import type { ProvisioningRecorder } from './provisioning-recorder.ts';

/** Zoho takes at most 5 fields per create call. */
const FIELDS_PER_CALL = 5;

/** The Account every Deal hangs from (Zoho requires Account_Name on Deals; patients are not Accounts). */
export const DEALS_ACCOUNT_KEY = 'panda2zoho:patients';
export const DEALS_ACCOUNT_NAME = 'PANDA Perio patients';

export interface ProvisioningReport {
  steps: ProvisioningStep[];
  lines: string[];
  /** What was left out and why (an edition without layout changes); not a change. */
  notes: string[];
  applied: boolean;
  /**
   * What this call created (not what existed, nor a DUPLICATE_DATA from a concurrent provisioner):
   * custom fields with their Zoho ids, and layout sections added. What a rollback may remove; the
   * modules it created are not listed here (`steps` has them).
   */
  created: ProvisioningCreated;
}

export interface ProvisioningCreated {
  fields: Array<{ module: string; apiName: string; zohoId: string }>;
  sections: Array<{ module: string; layoutId: string; label: string }>;
}

async function readOrg(zoho: ZohoClient, desired: ModuleSpec[]): Promise<OrgSchema> {
  const { json } = await zoho.request('GET', '/crm/v8/settings/modules', undefined, { endpoint: '/crm/v8/settings/modules' });
  const modules = new Set(((json as { modules?: Array<{ api_name: string }> } | null)?.modules ?? []).map((m) => m.api_name));
  const fields = new Map<string, Set<string>>();
  for (const spec of desired) {
    if (!modules.has(spec.module)) continue;
    fields.set(spec.module, new Set((await zoho.fields(spec.module)).map((f) => f.api_name)));
  }
  const withSection = desired.filter((s) => s.section && modules.has(s.module));
  if (withSection.length === 0) return { modules, fields };
  const layoutsLockedBy = await layoutsLocked(zoho);
  const layouts = new Map<string, OrgLayout>();
  for (const spec of withSection) {
    const layout = await firstLayout(zoho, spec.module);
    if (layout) layouts.set(spec.module, layout);
  }
  return { modules, fields, layouts, layoutsLockedBy };
}

/** The edition, when it cannot change layouts (GET /org license_details; free: UNCONFIRMED which editions may). */
async function layoutsLocked(zoho: ZohoClient): Promise<string | null> {
  const { json } = await zoho.request('GET', '/crm/v8/org', undefined, { endpoint: '/crm/v8/org' });
  const license = (json as { org?: Array<{ license_details?: { paid?: boolean; paid_type?: string } }> } | null)?.org?.[0]?.license_details;
  return license && (license.paid === false || license.paid_type === 'free') ? (license.paid_type ?? 'free') : null;
}

async function firstLayout(zoho: ZohoClient, module: string): Promise<OrgLayout | null> {
  const { json } = await zoho.request('GET', `/crm/v8/settings/layouts?module=${encodeURIComponent(module)}`, undefined, { endpoint: '/crm/v8/settings/layouts' });
  type Layout = { id?: string; name?: string; sections?: Array<{ display_label?: string; fields?: Array<{ api_name?: string }> }> };
  const layout = ((json as { layouts?: Layout[] } | null)?.layouts ?? [])[0];
  if (!layout?.id) return null;
  const sections = new Map((layout.sections ?? []).map((s) => [s.display_label ?? '', (s.fields ?? []).map((f) => f.api_name ?? '')]));
  return { id: layout.id, name: layout.name ?? 'Standard', sections };
}

/** The profile that gets the custom module: the connected user's own (GET /users?type=CurrentUser). */
async function currentProfileId(zoho: ZohoClient): Promise<string> {
  const { json } = await zoho.request('GET', '/crm/v8/users?type=CurrentUser', undefined, { endpoint: '/crm/v8/users' });
  const id = (json as { users?: Array<{ profile?: { id?: string } }> } | null)?.users?.[0]?.profile?.id;
  if (!id) throw new PermanentError('ZOHO_PROVISIONING_FAILED', 'the connected user has no profile to grant the custom module to');
  return id;
}

type Item = { status: string; code: string; details?: Record<string, unknown> };

/** A DUPLICATE_DATA is a concurrent provisioner's creation: done, but not ours. */
function failures(items: Item[]): string[] {
  return items.filter((r) => r.status !== 'success' && r.code !== 'DUPLICATE_DATA').map((r) => r.code);
}

/**
 * One create call between its ledger entries: the intents are recorded (and acknowledged) before it,
 * an outcome per item after it — INSERTED with the id Zoho gave, or FAILED with Zoho's code (a
 * DUPLICATE_DATA too: someone else created it). A call Zoho refused as a whole is FAILED for each; a
 * call without a clear answer (ZOHO_OUTCOME_UNKNOWN) leaves the intents open like a crash would: the
 * writer's restart recovery, or the rollback, looks the field up by its api name.
 */
async function recordedCreate(record: ProvisioningRecorder | undefined, targets: Array<{ target: ProvisionedTarget; sent: Record<string, unknown> }>, call: () => Promise<Item[]>): Promise<Item[]> {
  await record?.(targets.map(({ target, sent }) => ({ phase: 'INTENT', target, sent })));
  let items: Item[];
  try {
    items = await call();
  } catch (error) {
    if (isPermanent(error)) await record?.(targets.map(({ target }) => ({ phase: 'OUTCOME', target, result: 'FAILED', errorCode: error.code.replace(/^ZOHO_/, '') })));
    throw error;
  }
  await record?.(
    targets.map(({ target }, i) => {
      const item = items[i];
      const id = item?.details?.['id'];
      return item?.status === 'success' && typeof id === 'string' ? { phase: 'OUTCOME', target, result: 'INSERTED', zohoId: id } : { phase: 'OUTCOME', target, result: 'FAILED', errorCode: item?.code ?? 'NO_RESULT' };
    }),
  );
  return items;
}

async function createModule(zoho: ZohoClient, step: Extract<ProvisioningStep, { kind: 'create-module' }>, record: ProvisioningRecorder | undefined): Promise<void> {
  const definition = { api_name: step.module, singular_label: step.singular_label, plural_label: step.plural_label };
  const profiles = [{ id: await currentProfileId(zoho) }];
  const items = await recordedCreate(record, [{ target: { kind: 'module', module: step.module }, sent: definition }], async () => {
    const { json } = await zoho.request('POST', '/crm/v8/settings/modules', { modules: [{ ...definition, profiles }] }, { endpoint: '/crm/v8/settings/modules', credits: 500 });
    return (json as { modules?: Item[] } | null)?.modules ?? [{ status: 'error', code: 'NO_RESULT' }];
  });
  const failed = failures(items);
  if (failed.length > 0) throw new PermanentError('ZOHO_PROVISIONING_FAILED', `creating module ${step.module} failed: ${failed.join(', ')}`);
}

export interface ProvisionOptions {
  dryRun: boolean;
  /** Told before and after every create call (module, fields): the writer and `provision` pass their ledger. */
  record?: ProvisioningRecorder | undefined;
}

/**
 * Plans, and unless `dryRun` applies, the org's migration schema. Idempotent: what exists is not
 * created again, and a DUPLICATE_DATA from a concurrent provisioner counts as done (not as created).
 */
export async function provision(zoho: ZohoClient, desired: ModuleSpec[], options: ProvisionOptions): Promise<ProvisioningReport> {
  const org = await readOrg(zoho, desired);
  const steps = planProvisioning(desired, org);
  const notes = planNotes(desired, org);
  const lines = [...describePlan(steps), ...notes];
  const created: ProvisioningCreated = { fields: [], sections: [] };
  if (options.dryRun || steps.length === 0) return { steps, lines, notes, applied: false, created };
  for (const step of steps) {
    if (step.kind === 'layout-section') {
      const refused = await addLayoutSection(zoho, step);
      if (refused) {
        notes.push(refused);
        lines.push(refused);
      } else created.sections.push({ module: step.module, layoutId: step.layoutId, label: step.label });
      continue;
    }
    if (step.kind === 'create-module') {
      await createModule(zoho, step, options.record);
      continue;
    }
    for (let i = 0; i < step.fields.length; i += FIELDS_PER_CALL) {
      const specs = step.fields.slice(i, i + FIELDS_PER_CALL);
      const definitions = specs.map(({ api_name: _apiName, ...definition }) => definition);
      const targets = specs.map((spec, index) => ({ target: { kind: 'field' as const, module: step.module, apiName: spec.api_name }, sent: definitions[index]! }));
      const results = await recordedCreate(options.record, targets, () => zoho.createFields(step.module, definitions));
      const failed = failures(results);
      if (failed.length > 0) throw new PermanentError('ZOHO_PROVISIONING_FAILED', `creating ${step.module} fields failed: ${failed.join(', ')}`);
      results.forEach((r, index) => {
        const id = r.details?.['id'];
        if (r.status === 'success' && typeof id === 'string' && specs[index]) created.fields.push({ module: step.module, apiName: specs[index].api_name, zohoId: id });
      });
    }
  }
  return { steps, lines, notes, applied: true, created };
}

/**
 * PATCH /settings/layouts/{id}?module=X with the section (fields by api name and id, created by the
 * steps before). An edition that refuses layout changes (403 / NOT_ALLOWED) is a note, not a failure:
 * the fields exist either way. Returns the note, or null when the section was added.
 */
async function addLayoutSection(zoho: ZohoClient, step: Extract<ProvisioningStep, { kind: 'layout-section' }>): Promise<string | null> {
  const ids = new Map((await zoho.fields(step.module)).map((f) => [f.api_name, (f as { id?: string }).id]));
  const fields = step.fields.filter((f) => ids.has(f)).map((f) => ({ api_name: f, ...(ids.get(f) ? { id: ids.get(f) } : {}) }));
  const body = { layouts: [{ sections: [{ display_label: step.label, fields }] }] };
  try {
    await zoho.request('PATCH', `/crm/v8/settings/layouts/${encodeURIComponent(step.layoutId)}?module=${encodeURIComponent(step.module)}`, body, { endpoint: '/crm/v8/settings/layouts/{id}', idempotent: true });
    return null;
  } catch (error) {
    if (error instanceof PermanentError && /NOT_ALLOWED|NO_PERMISSION|FEATURE_NOT_SUPPORTED|HTTP_403/.test(error.code)) {
      return `layout: Zoho refused the "${step.label}" section of ${step.module} (${error.code}): the edition or the user's profile does not allow layout changes`;
    }
    throw error;
  }
}

/** Upserts the Account Deals hang from; returns its id. Idempotent by PANDA_Account_Key. */
export async function ensureDealsAccount(zoho: ZohoClient): Promise<string> {
  const [item] = await zoho.upsert('Accounts', [{ PANDA_Account_Key: DEALS_ACCOUNT_KEY, Account_Name: DEALS_ACCOUNT_NAME }], ['PANDA_Account_Key']);
  const id = item?.details['id'];
  if (item?.status !== 'success' || typeof id !== 'string') throw new PermanentError('ZOHO_PROVISIONING_FAILED', `the Deals account could not be written: ${item?.code ?? 'no result'}`);
  return id;
}
