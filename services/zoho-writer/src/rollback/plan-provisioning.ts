import type { ZohoOperationRecorded } from '@panda2zoho/events';
import { MODULE_ID_FIELD } from '../domain/provisioning-ledger.ts';

/** Ledger operations on the org's schema, not on a record: the record fold leaves them out. */
export const SCHEMA_OPERATIONS: ReadonlySet<string> = new Set(['PROVISION', 'DELETE_FIELD']);

/** How the report shows a module's provisioned fields, apart from its records. */
export const fieldsLabel = (module: string) => `${module} (fields)`;

export interface ProvisionedField {
  module: string;
  apiName: string;
  /** The id Zoho gave; null when an intent has no outcome (a crash): the writer looks the field up by its api name. */
  zohoId: string | null;
  operationIds: string[];
}

export interface RunProvisioning {
  /** Custom fields the run's provisioning created (or may have: an intent a crash left open), in ledger order. */
  fields: ProvisionedField[];
  /** Custom modules it created: kept by a rollback, no documented Zoho API deletes a module. */
  modules: string[];
}

interface Fold {
  module: string;
  name: string;
  isModule: boolean;
  zohoId: string | null;
  created: boolean;
  open: Set<string>;
  operationIds: string[];
}

/**
 * What the run's provisioning created, from its PROVISION entries: an INSERTED outcome is ours; a
 * FAILED one (DUPLICATE_DATA: a concurrent provisioner's) is not; an intent without outcome may have
 * been (a crash after the call), so it is planned too, by api name. Pure.
 */
export function provisionedByRun(ledger: ZohoOperationRecorded[], runId: string): RunProvisioning {
  const folds = new Map<string, Fold>();
  for (const e of ledger) {
    if (e.operation !== 'PROVISION' || e.runId !== runId || e.rollbackId !== null) continue;
    const isModule = e.externalIdField === MODULE_ID_FIELD;
    const key = isModule ? `module|${e.module}` : `field|${e.module}|${e.externalId}`;
    const f = folds.get(key) ?? { module: e.module, name: e.externalId, isModule, zohoId: null, created: false, open: new Set<string>(), operationIds: [] };
    folds.set(key, f);
    if (e.phase === 'INTENT') {
      f.open.add(e.operationId);
      continue;
    }
    f.open.delete(e.operationId);
    if (e.result === 'INSERTED' && e.zohoId !== null) {
      f.zohoId = e.zohoId;
      f.created = true;
      f.operationIds.push(e.operationId);
    }
  }
  const mine = [...folds.values()].filter((f) => f.created || f.open.size > 0);
  return {
    // An open intent: whichever field holds the api name now is the one that call may have created.
    fields: mine.filter((f) => !f.isModule).map((f) => ({ module: f.module, apiName: f.name, zohoId: f.open.size > 0 ? null : f.zohoId, operationIds: [...f.operationIds, ...f.open] })),
    modules: mine.filter((f) => f.isModule).map((f) => f.module),
  };
}

/**
 * `module|api_name` → another run whose records still hold a value in that field: records it wrote to
 * (its INTENT's sentFields; a JSON null clears) that no later delete or rollback removed or restored.
 * Deleting such a field would delete that run's data with it. Pure.
 */
export function fieldsInUseByOtherRuns(ledger: ZohoOperationRecorded[], runId: string): Map<string, string> {
  const sent = new Map<string, Record<string, string>>();
  const records = new Map<string, Map<string, Set<string>>>();
  for (const e of ledger) {
    if (SCHEMA_OPERATIONS.has(e.operation)) continue;
    if (e.phase === 'INTENT') {
      if (e.rollbackId === null) sent.set(e.operationId, e.sentFields);
      continue;
    }
    if (e.zohoId === null || e.result === null || e.result === 'FAILED') continue;
    const id = `${e.module}|${e.zohoId}`;
    // Deleted, or a rollback's RESTORE put the values from before the migration back.
    if (e.result === 'DELETED' || e.rollbackId !== null) {
      records.delete(id);
      continue;
    }
    const fields = records.get(id) ?? new Map<string, Set<string>>();
    records.set(id, fields);
    for (const [field, value] of Object.entries(sent.get(e.operationId) ?? {})) {
      if (value === 'null') fields.delete(field);
      else fields.set(field, (fields.get(field) ?? new Set<string>()).add(e.runId));
    }
  }
  const out = new Map<string, string>();
  for (const [id, fields] of records) {
    const module = id.slice(0, id.indexOf('|'));
    for (const [field, runs] of fields) for (const run of runs) if (run !== runId) out.set(`${module}|${field}`, run);
  }
  return out;
}
