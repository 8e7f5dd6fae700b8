import type { ZohoOperationRecorded } from '@panda2zoho/events';
import { isPermanent } from '@panda2zoho/kafka';
import type { IdIndex } from '../domain/id-index.ts';
import { outcomeEntry, type LedgerOperation } from '../domain/ledger-entries.ts';
import { provisionedTargetOf, provisioningOutcome } from '../domain/provisioning-ledger.ts';
import type { LedgerWriter } from './ledger-writer.ts';
import type { ZohoGateway } from './zoho-gateway.ts';

export interface RecoveryReport {
  resolved: number;
  /** Intents whose effect cannot be told (e.g. two identical notes on one record): they stay open (logged as a count). */
  unresolvable: number;
}

/**
 * What a call that took effect did: what its intent says it was for. Intents written before
 * `intendedResult` existed fall back to the ledger (known before, or pre-existing → an update).
 */
export function recoveredResult(intent: ZohoOperationRecorded, knownBefore: boolean): 'INSERTED' | 'UPDATED' {
  if (intent.intendedResult === 'INSERTED' || intent.intendedResult === 'UPDATED') return intent.intendedResult;
  const unkeyed = intent.operation === 'NOTE' || intent.operation === 'ATTACH';
  return (unkeyed ? intent.zohoId !== null : knownBefore || intent.existedBefore) ? 'UPDATED' : 'INSERTED';
}

function asOperation(intent: ZohoOperationRecorded): LedgerOperation {
  return {
    operation: intent.operation, module: intent.module, externalIdField: intent.externalIdField, externalId: intent.externalId,
    entity: intent.entity ?? 'patient', recordKey: intent.recordKey ?? intent.externalId, locationId: intent.locationId, memberKeys: intent.memberKeys,
    parentModule: intent.parentModule, parentZohoId: intent.parentZohoId, zohoId: intent.zohoId, sentFields: intent.sentFields,
    existedBefore: intent.existedBefore, beforeImage: intent.beforeImage, intendedResult: intent.intendedResult ?? 'UPDATED', sourceEventIds: intent.sourceEventIds,
  };
}

const decoded = (sent: Record<string, string>, field: string): unknown => (sent[field] === undefined ? undefined : JSON.parse(sent[field]));

/**
 * A note or attachment has no external id: it is looked for among its parent's notes (same title and
 * content) or attachments (same file name) not already claimed by another record. Returns its id, null
 * when the call did not take effect, undefined when that cannot be told (several candidates).
 */
async function findUnkeyed(gateway: ZohoGateway, index: IdIndex, intent: ZohoOperationRecorded): Promise<string | null | undefined> {
  const isNote = intent.operation === 'NOTE';
  const rows = await gateway.related(intent.parentModule!, intent.parentZohoId!, isNote ? 'Notes' : 'Attachments', isNote ? ['Note_Title', 'Note_Content'] : ['File_Name']);
  const same = rows.filter((r) =>
    isNote
      ? r['Note_Title'] === decoded(intent.sentFields, 'Note_Title') && r['Note_Content'] === decoded(intent.sentFields, 'Note_Content')
      : r['File_Name'] === decoded(intent.sentFields, 'File_Name'),
  );
  const ids = same.map((r) => String(r['id'])).filter((id) => id === intent.zohoId || !index.hasZohoId(id));
  if (ids.length === 0) return null;
  return ids.length === 1 ? ids[0]! : undefined;
}

/**
 * A LINK or UNLINK: whether the record is in its parent's related list now (a Deal's Products), read
 * once per parent. A parent that is gone has no links.
 */
async function linkedNow(gateway: ZohoGateway, cache: Map<string, Set<string>>, intent: ZohoOperationRecorded): Promise<boolean> {
  const parent = `${intent.parentModule}\u0001${intent.parentZohoId}`;
  let ids = cache.get(parent);
  if (!ids) {
    const rows = await gateway.related(intent.parentModule!, intent.parentZohoId!, intent.module as 'Products', ['id']).catch((error: unknown) => {
      if (isPermanent(error)) return [];
      throw error;
    });
    ids = new Set(rows.map((r) => String(r['id'])));
    cache.set(parent, ids);
  }
  return ids.has(intent.zohoId!);
}

const isKeyed = (intent: ZohoOperationRecorded) =>
  intent.externalIdField !== '' && (intent.operation === 'UPSERT' || intent.operation === 'UPDATE' || intent.operation === 'CREATE');
const lookupKey = (intent: ZohoOperationRecorded) => `${intent.module}\u0001${intent.externalIdField}\u0001${intent.externalId}`;

/**
 * The Zoho id (or null: not there) of every open keyed intent, 100 per COQL call, so recovering a
 * crashed chunk of thousands (a Bulk Write job) costs tens of calls, not one search per record. An
 * intent missing from the map (COQL refused) is looked up on its own.
 */
async function prefetchIds(gateway: ZohoGateway, intents: ZohoOperationRecorded[]): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  const groups = new Map<string, ZohoOperationRecorded[]>();
  for (const intent of intents) {
    const group = `${intent.module}\u0001${intent.externalIdField}`;
    groups.set(group, [...(groups.get(group) ?? []), intent]);
  }
  for (const group of groups.values()) {
    const { module, externalIdField } = group[0]!;
    const ids = [...new Set(group.map((i) => i.externalId))];
    for (let start = 0; start < ids.length; start += 100) {
      const slice = ids.slice(start, start + 100);
      const found = await gateway.findIdsByExternalIds(module, externalIdField, slice).catch((error: unknown) => {
        if (isPermanent(error)) return null;
        throw error;
      });
      if (found) for (const id of slice) out.set(`${module}\u0001${externalIdField}\u0001${id}`, found.get(id) ?? null);
    }
  }
  return out;
}

/**
 * Intents without an outcome are calls whose outcome a crash lost. For keyed modules the record is
 * looked up by its external id (a CDT code's Product too: by PANDA_CDT_Code; a delete: by its id; a
 * note or attachment: among its parent's; a LINK/UNLINK: in its parent's related list; a provisioned
 * field or module: by its api name) and the
 * outcome the call really had is written,
 * marked `recovered`, so the ledger tells the truth before the replayed chunk writes again.
 */
export async function recoverOpenIntents(gateway: ZohoGateway, index: IdIndex, ledger: LedgerWriter, runId: string, now: () => number): Promise<RecoveryReport> {
  let resolved = 0;
  let unresolvable = 0;
  const mine = (intent: ZohoOperationRecorded) => intent.runId === runId && intent.rollbackId === null;
  const prefetched = await prefetchIds(gateway, index.openIntents().filter((i) => mine(i) && isKeyed(i)));
  const links = new Map<string, Set<string>>();
  for (const intent of index.openIntents()) {
    if (intent.runId !== runId) continue;
    // A rollback's open intent is resolved by its compensation, which is redelivered (not committed) and re-run idempotently.
    if (intent.rollbackId !== null) continue;
    if (intent.operation === 'PROVISION') {
      // A field or module provisioning meant to create: there now means created by that call (a concurrent provisioner's cannot be told apart).
      const id = await gateway.provisionedId(provisionedTargetOf(intent));
      const facts = id ? { result: 'INSERTED' as const, zohoId: id, errorCode: null } : { result: 'FAILED' as const, zohoId: null, errorCode: 'NOT_APPLIED_BEFORE_CRASH' };
      const entry = provisioningOutcome(intent, { ...facts, recovered: true }, now());
      await ledger.record([entry]);
      index.apply(entry);
      resolved++;
      continue;
    }
    const op = asOperation(intent);
    let entry: ZohoOperationRecorded;
    if ((intent.operation === 'LINK' || intent.operation === 'UNLINK') && intent.zohoId && intent.parentModule && intent.parentZohoId) {
      const linked = await linkedNow(gateway, links, intent);
      const applied = intent.operation === 'LINK' ? linked : !linked;
      entry = outcomeEntry(runId, op, applied ? { result: intent.operation === 'LINK' ? 'INSERTED' : 'DELETED', zohoId: intent.zohoId, recovered: true } : { result: 'FAILED', zohoId: intent.zohoId, errorCode: 'NOT_APPLIED_BEFORE_CRASH', recovered: true }, now());
    } else if (intent.operation === 'DELETE' && intent.zohoId) {
      const still = await gateway.getRecord(intent.module, intent.zohoId, ['id']).catch(() => null);
      entry = outcomeEntry(runId, op, still ? { result: 'FAILED', zohoId: intent.zohoId, errorCode: 'NOT_APPLIED_BEFORE_CRASH', recovered: true } : { result: 'DELETED', zohoId: intent.zohoId, recovered: true }, now());
    } else if (isKeyed(intent)) {
      const known = prefetched.get(lookupKey(intent));
      const found = known === undefined ? await gateway.findByExternalId(intent.module, intent.externalIdField, intent.externalId) : null;
      const id = known !== undefined ? known : typeof found?.['id'] === 'string' ? found['id'] : null;
      const earlier = index.get(op.recordKey);
      entry = id
        ? outcomeEntry(runId, op, { result: recoveredResult(intent, earlier !== undefined), zohoId: id, recovered: true }, now())
        : outcomeEntry(runId, op, { result: 'FAILED', zohoId: null, errorCode: 'NOT_APPLIED_BEFORE_CRASH', recovered: true }, now());
    } else if ((intent.operation === 'NOTE' || intent.operation === 'ATTACH') && intent.parentModule && intent.parentZohoId) {
      const id = await findUnkeyed(gateway, index, intent);
      if (id === undefined) {
        unresolvable++;
        continue;
      }
      entry = id
        ? outcomeEntry(runId, op, { result: recoveredResult(intent, false), zohoId: id, recovered: true }, now())
        : outcomeEntry(runId, op, { result: 'FAILED', zohoId: null, errorCode: 'NOT_APPLIED_BEFORE_CRASH', recovered: true }, now());
    } else {
      unresolvable++;
      continue;
    }
    await ledger.record([entry]);
    index.apply(entry);
    resolved++;
  }
  return { resolved, unresolvable };
}
