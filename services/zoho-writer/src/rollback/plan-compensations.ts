import { stableEventId, type ZohoCompensationPlanned, type ZohoOperationRecorded } from '@panda2zoho/events';
import { FIELD_ID_FIELD, PROVISIONED_FIELD_ENTITY, provisionedRecordKey } from '../domain/provisioning-ledger.ts';
import { fieldsInUseByOtherRuns, fieldsLabel, provisionedByRun, SCHEMA_OPERATIONS, type ProvisionedField } from './plan-provisioning.ts';

/** Children before parents: a step is finished before the next one is planned (see the CLI). */
export const ROLLBACK_ORDER = ['Attachments', 'Notes', 'Tasks', 'Deals', 'Products', 'PANDA_Charting', 'Contacts', 'Accounts'] as const;

/**
 * Records no location owns (ZOHO_CDT_CODES=products: one Product per CDT code, linked to the Deals of
 * every location): in any location's scope, and deleted only when no Deal this rollback keeps still
 * links them (see keptLinks).
 */
const SHARED_MODULES: ReadonlySet<string> = new Set(['Products']);

/** --include-provisioning: the fields provisioning created go last, once no record of the run is left. */
export const FIELD_STEP = ROLLBACK_ORDER.length;

/** The Account every Deal hangs from, created by the writer at start, outside the ledger (see adapters/provisioner.ts). */
export const PROVISIONED_DEALS_ACCOUNT = { module: 'Accounts', externalIdField: 'PANDA_Account_Key', externalId: 'panda2zoho:patients' } as const;

export interface RollbackScope {
  runId: string;
  locationId: string | null;
  sinceMs: number | null;
  includeProvisioning: boolean;
  force: boolean;
}

export interface PlannedSkip {
  /** The record's module; a provisioned field: `<module> (fields)`. */
  module: string;
  recordKey: string;
  /** FIELD_IN_USE_BY_OTHER_RUN: records another run wrote still hold values in the field (deleting it deletes them; --force does). */
  code: 'SHARED_WITH_OTHER_LOCATION' | 'NO_BEFORE_IMAGE' | 'FIELD_IN_USE_BY_OTHER_RUN';
}

export interface RollbackPlan {
  rollbackId: string;
  /** Compensations per step, in execution order (empty steps left out); authTag still empty. */
  steps: ZohoCompensationPlanned[][];
  skipped: PlannedSkip[];
  /** --include-provisioning: custom modules the run's provisioning created, kept (no documented Zoho API deletes a module). */
  keptModules: string[];
}

type Action = ZohoCompensationPlanned['action'];

interface RecordHistory {
  module: string;
  zohoId: string;
  recordKey: string;
  entity: string | null;
  locationId: string | null;
  parentModule: string | null;
  parentZohoId: string | null;
  memberKeys: Set<string>;
  inserted: boolean;
  existedBefore: boolean;
  deletedByMigration: boolean;
  restore: Record<string, string>;
  expected: Record<string, string>;
  operationIds: string[];
  lastPosition: number;
}

function inScope(entry: ZohoOperationRecorded, scope: RollbackScope): boolean {
  if (entry.runId !== scope.runId || entry.rollbackId !== null || SCHEMA_OPERATIONS.has(entry.operation)) return false;
  if (scope.locationId !== null && entry.locationId !== scope.locationId && !SHARED_MODULES.has(entry.module)) return false;
  return scope.sinceMs === null || entry.recordedAtMs >= scope.sinceMs;
}

function stepOf(module: string): number {
  const i = (ROLLBACK_ORDER as readonly string[]).indexOf(module);
  // An unknown module (a future custom one) is a child record: with PANDA_Charting, before Contacts.
  return i >= 0 ? i : ROLLBACK_ORDER.indexOf('PANDA_Charting');
}

/**
 * Folds the migration's ledger entries (in ledger order) into one history per Zoho record: which
 * records the run created (delete them), which pre-existing records it updated (restore the value
 * each field had before the first change in scope; a field empty before is cleared), and what the
 * migration last wrote (a record that no longer holds it was changed by someone else: see decide).
 */
function histories(ledger: ZohoOperationRecorded[], scope: RollbackScope): Map<string, RecordHistory> {
  const intents = new Map<string, ZohoOperationRecorded>();
  const out = new Map<string, RecordHistory>();
  for (const [position, entry] of ledger.entries()) {
    // A related-list link is not a record: deleting its Deal (or the Product) removes it in Zoho.
    if (entry.operation === 'LINK' || entry.operation === 'UNLINK') continue;
    if (!inScope(entry, scope)) continue;
    if (entry.phase === 'INTENT') {
      intents.set(entry.operationId, entry);
      continue;
    }
    if (entry.result === null || entry.result === 'FAILED' || entry.zohoId === null) continue;
    const intent = intents.get(entry.operationId);
    const id = `${entry.module}|${entry.zohoId}`;
    const h: RecordHistory = out.get(id) ?? {
      module: entry.module, zohoId: entry.zohoId, recordKey: entry.recordKey ?? entry.externalId, entity: entry.entity, locationId: entry.locationId,
      parentModule: entry.parentModule, parentZohoId: entry.parentZohoId, memberKeys: new Set(), inserted: false, existedBefore: false,
      deletedByMigration: false, restore: {}, expected: {}, operationIds: [], lastPosition: position,
    };
    out.set(id, h);
    h.lastPosition = position;
    h.operationIds.push(entry.operationId);
    for (const m of entry.memberKeys) h.memberKeys.add(m);
    if (entry.result === 'DELETED') {
      h.deletedByMigration = true;
      continue;
    }
    h.deletedByMigration = false;
    if (entry.existedBefore) h.existedBefore = true;
    // The intent says whether the call was to create: Zoho answers 'update' to an upsert replayed after a crash.
    else if (entry.result === 'INSERTED' || intent?.intendedResult === 'INSERTED') h.inserted = true;
    for (const [field, value] of Object.entries(intent?.beforeImage ?? {})) if (!(field in h.restore)) h.restore[field] = value;
    Object.assign(h.expected, intent?.sentFields ?? {});
  }
  return out;
}

/**
 * Per linked record (a Product), the Deals that link it now by the whole ledger (every run, rollbacks
 * included): LINK outcomes, less UNLINKs and the Deals deleted since. A link and its Deal's delete
 * share the plan's recordKey, so the ledger keeps them in order.
 */
function liveLinks(ledger: ZohoOperationRecorded[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const e of ledger) {
    if (e.phase !== 'OUTCOME' || e.zohoId === null) continue;
    if (e.operation === 'LINK' && e.parentZohoId !== null && (e.result === 'INSERTED' || e.result === 'UPDATED')) {
      out.set(e.zohoId, (out.get(e.zohoId) ?? new Set()).add(e.parentZohoId));
    } else if (e.operation === 'UNLINK' && e.parentZohoId !== null && e.result === 'DELETED') out.get(e.zohoId)?.delete(e.parentZohoId);
    else if (e.result === 'DELETED') for (const deals of out.values()) deals.delete(e.zohoId);
  }
  return out;
}

/** Location of a patient member key `<loc>:patient:<sourceKey>`. */
const memberLocation = (key: string) => key.slice(0, key.indexOf(':'));

type Base = Pick<ZohoCompensationPlanned, 'rollbackId' | 'runId' | 'operator' | 'requestedAtMs' | 'authTag' | 'force'>;

/**
 * --include-provisioning: the Deals account the writer created outside the ledger (with the Accounts),
 * then, last, every field the run's provisioning created: a field goes with every value in it, so only
 * once the run's records are undone (the CLI stops before a step while one is not), and not while
 * another run's records hold values in it (unless forced).
 */
function provisioningCompensations(ledger: ZohoOperationRecorded[], scope: RollbackScope, fields: ProvisionedField[], base: Base, skipped: PlannedSkip[]): ZohoCompensationPlanned[] {
  const { module, externalIdField, externalId } = PROVISIONED_DEALS_ACCOUNT;
  const none = { parentModule: null, parentZohoId: null, locationId: null, restoreFields: {}, expectedFields: {} };
  const out: ZohoCompensationPlanned[] = [
    { ...base, ...none, eventId: stableEventId('compensation', base.rollbackId, module, externalId), step: stepOf(module), action: 'DELETE', module, zohoId: null, externalIdField, externalId, entity: null, recordKey: externalId, compensatedOperationIds: [] },
  ];
  const inUse = fieldsInUseByOtherRuns(ledger, scope.runId);
  for (const f of fields) {
    const recordKey = provisionedRecordKey({ kind: 'field', module: f.module, apiName: f.apiName });
    if (!scope.force && inUse.has(`${f.module}|${f.apiName}`)) {
      skipped.push({ module: fieldsLabel(f.module), recordKey, code: 'FIELD_IN_USE_BY_OTHER_RUN' });
      continue;
    }
    out.push({
      ...base, ...none, eventId: stableEventId('compensation', base.rollbackId, 'DELETE_FIELD', f.module, f.apiName), step: FIELD_STEP, action: 'DELETE_FIELD', module: f.module,
      zohoId: f.zohoId, externalIdField: FIELD_ID_FIELD, externalId: f.apiName, entity: PROVISIONED_FIELD_ENTITY, recordKey, compensatedOperationIds: f.operationIds,
    });
  }
  return out;
}

/** The plan of one rollback: pure; ids derive from the run, the scope and the ledger entries undone. */
export function planCompensations(ledger: ZohoOperationRecorded[], scope: RollbackScope, ctx: { operator: string; nowMs: number }): RollbackPlan {
  const skipped: PlannedSkip[] = [];
  const planned: Array<{ h: RecordHistory; action: Action }> = [];
  for (const h of histories(ledger, scope).values()) {
    if (h.deletedByMigration) continue; // the migration itself deleted it (a source delete): nothing left to undo
    if (scope.locationId !== null && [...h.memberKeys].some((m) => memberLocation(m) !== scope.locationId)) {
      skipped.push({ module: h.module, recordKey: h.recordKey, code: 'SHARED_WITH_OTHER_LOCATION' });
      continue;
    }
    if (h.existedBefore) {
      if (Object.keys(h.restore).length > 0) planned.push({ h, action: 'RESTORE' });
    } else if (h.inserted) planned.push({ h, action: 'DELETE' });
    else skipped.push({ module: h.module, recordKey: h.recordKey, code: 'NO_BEFORE_IMAGE' });
  }
  // A shared record (a CDT code's Product) still linked by a Deal this rollback does not delete (another
  // location's, an earlier one's, another run's, or one kept) stays: out of this rollback's scope, not a problem.
  const deletedDeals = new Set(planned.filter((p) => p.h.module === 'Deals' && p.action === 'DELETE').map((p) => p.h.zohoId));
  const links = liveLinks(ledger);
  const keptLinks = (h: RecordHistory) => SHARED_MODULES.has(h.module) && [...(links.get(h.zohoId) ?? [])].some((deal) => !deletedDeals.has(deal));
  planned.splice(0, planned.length, ...planned.filter((p) => !keptLinks(p.h)));
  const provisioning = scope.includeProvisioning && scope.locationId === null && scope.sinceMs === null;
  const schema = provisioning ? provisionedByRun(ledger, scope.runId) : { fields: [], modules: [] };
  const undone = [...planned.flatMap((p) => p.h.operationIds), ...schema.fields.flatMap((f) => f.operationIds)].sort();
  const rollbackId = `rb-${stableEventId('rollback', scope.runId, scope.locationId ?? '*', String(scope.sinceMs ?? '*'), String(provisioning), String(scope.force), ...undone).slice(0, 20)}`;
  const base = { rollbackId, runId: scope.runId, operator: ctx.operator, requestedAtMs: ctx.nowMs, authTag: '', force: scope.force };
  const compensations: ZohoCompensationPlanned[] = planned
    .sort((a, b) => stepOf(a.h.module) - stepOf(b.h.module) || b.h.lastPosition - a.h.lastPosition)
    .map(({ h, action }) => ({
      ...base,
      eventId: stableEventId('compensation', rollbackId, h.module, h.zohoId),
      step: stepOf(h.module),
      action,
      module: h.module,
      zohoId: h.zohoId,
      externalIdField: '',
      externalId: '',
      parentModule: h.parentModule,
      parentZohoId: h.parentZohoId,
      entity: h.entity,
      recordKey: h.recordKey,
      locationId: h.locationId,
      restoreFields: action === 'RESTORE' ? h.restore : {},
      expectedFields: h.module === 'Attachments' ? {} : h.expected,
      compensatedOperationIds: [...new Set(h.operationIds)],
    }));
  if (provisioning) compensations.push(...provisioningCompensations(ledger, scope, schema.fields, base, skipped));
  const steps = [...new Set(compensations.map((c) => c.step))].sort((a, b) => a - b).map((s) => compensations.filter((c) => c.step === s));
  return { rollbackId, steps, skipped, keptModules: schema.modules };
}
