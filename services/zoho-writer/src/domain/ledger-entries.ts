import { stableEventId, type ZohoIntendedResult, type ZohoOperation, type ZohoOperationRecorded, type ZohoResult } from '@panda2zoho/events';

/** One Zoho operation on one record, as the ledger describes it (the INTENT and the OUTCOME share it). */
export interface LedgerOperation {
  operation: ZohoOperation;
  module: string;
  /** The unique field matched on; '' for notes and attachments (matched through the ledger instead). */
  externalIdField: string;
  externalId: string;
  entity: string;
  recordKey: string;
  locationId: string | null;
  memberKeys: string[];
  parentModule: string | null;
  parentZohoId: string | null;
  /** Zoho id known before the call (update/delete by id). */
  zohoId: string | null;
  sentFields: Record<string, string>;
  existedBefore: boolean;
  beforeImage: Record<string, string> | null;
  /**
   * Decided before the call: INSERTED a record the migration does not know yet, UPDATED one it wrote
   * earlier or a pre-existing one, DELETED. An upsert replayed after a crash answers 'update' for the
   * record that very call created: recovery and rollback go by this, not by Zoho's answer.
   */
  intendedResult: ZohoIntendedResult;
  sourceEventIds: string[];
}

export interface ItemResult {
  code: string;
  status: string;
  action?: string | undefined;
  details: Record<string, unknown>;
}

/**
 * LINK/UNLINK: a related-list link, not a record. `module`/`zohoId`/`externalId` are the record linked (a
 * Product and its CDT code), `parentModule`/`parentZohoId` the record whose related list it is (the Deal),
 * `recordKey` the pipeline record that asked for it (the treatment plan). Ledger readers that fold records
 * (the id index's records, rollback histories, the reconciler's counts) leave them out.
 */
export function isLinkEntry(entry: Pick<ZohoOperationRecorded, 'operation'>): boolean {
  return entry.operation === 'LINK' || entry.operation === 'UNLINK';
}

export function operationId(runId: string, op: Pick<LedgerOperation, 'operation' | 'module' | 'recordKey' | 'externalId' | 'sourceEventIds'>): string {
  // One plan links several codes with the same source events: a link's id names the record linked too.
  const linked = isLinkEntry(op) ? [op.externalId] : [];
  return stableEventId('zoho-op', runId, op.operation, op.module, op.recordKey, ...linked, ...op.sourceEventIds);
}

/** JSON-encoded values per api name; a lookup is recorded as its id. */
export function encodeSentFields(record: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(record)) {
    const idOnly = typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as { id?: unknown }).id === 'string' ? (v as { id: string }).id : v;
    out[k] = JSON.stringify(idOnly ?? null);
  }
  return out;
}

function base(runId: string, op: LedgerOperation, nowMs: number): Omit<ZohoOperationRecorded, 'phase' | 'eventId'> {
  return {
    runId,
    operationId: operationId(runId, op),
    operation: op.operation,
    module: op.module,
    externalIdField: op.externalIdField,
    externalId: op.externalId,
    zohoId: op.zohoId,
    result: null,
    errorCode: null,
    errorField: null,
    sourceEventIds: op.sourceEventIds,
    fieldsWritten: Object.keys(op.sentFields),
    entity: op.entity,
    recordKey: op.recordKey,
    locationId: op.locationId,
    memberKeys: op.memberKeys,
    parentModule: op.parentModule,
    parentZohoId: op.parentZohoId,
    sentFields: {},
    existedBefore: op.existedBefore,
    beforeImage: null,
    intendedResult: null,
    recovered: false,
    // the migration's own entries; a rollback's compensations set these (services/zoho-writer/src/rollback)
    rollbackId: null,
    compensatedOperationIds: [],
    recordedAtMs: nowMs,
  };
}

/** Before the call: what will be sent, and the before-image of a pre-existing record. */
export function intentEntry(runId: string, op: LedgerOperation, nowMs: number): ZohoOperationRecorded {
  const b = base(runId, op, nowMs);
  return { ...b, sentFields: op.sentFields, beforeImage: op.beforeImage, intendedResult: op.intendedResult, phase: 'INTENT', eventId: stableEventId(b.operationId, 'INTENT') };
}

export interface OutcomeFacts {
  result: ZohoResult;
  zohoId: string | null;
  errorCode?: string | null;
  errorField?: string | null;
  recovered?: boolean;
}

export function outcomeEntry(runId: string, op: LedgerOperation, facts: OutcomeFacts, nowMs: number): ZohoOperationRecorded {
  const b = base(runId, op, nowMs);
  return {
    ...b,
    phase: 'OUTCOME',
    eventId: stableEventId(b.operationId, 'OUTCOME', facts.recovered ? 'recovered' : 'called'),
    zohoId: facts.zohoId ?? op.zohoId,
    result: facts.result,
    errorCode: facts.errorCode ?? null,
    errorField: facts.errorField ?? null,
    recovered: facts.recovered ?? false,
  };
}

/** Zoho's per-item answer as outcome facts. Errors keep the code and the field's api name, never its value. */
export function itemFacts(item: ItemResult, successResult?: ZohoResult): OutcomeFacts {
  const ok = item.status === 'success';
  const id = item.details['id'];
  const apiName = item.details['api_name'];
  return {
    result: ok ? (successResult ?? (item.action === 'update' ? 'UPDATED' : 'INSERTED')) : 'FAILED',
    zohoId: ok && typeof id === 'string' ? id : null,
    errorCode: ok ? null : item.code,
    errorField: !ok && typeof apiName === 'string' ? apiName : null,
  };
}
