import { stableEventId, type EventSerde, type ZohoCompensationPlanned, type ZohoOperationRecorded, type ZohoResult } from '@panda2zoho/events';
import { deadLetter, emit, isPermanent, skip, type BatchHandler, type InboundMessage, type Outcome } from '@panda2zoho/kafka';
import type { ZohoItemResult } from '@panda2zoho/zoho';
import type { LedgerWriter } from '../adapters/ledger-writer.ts';
import type { ZohoGateway } from '../adapters/zoho-gateway.ts';
import type { IdIndex } from '../domain/id-index.ts';
import { decideCompensation, fieldsToRead, type CompensationDecision } from './compensation-decision.ts';
import { deleteProvisionedField } from './field-deletion.ts';
import { isSignedBy } from './operator-auth.ts';
import { COMPENSATION_CODES } from './rollback-report.ts';

export interface CompensationDeps {
  serde: EventSerde;
  gateway: ZohoGateway;
  ledger: LedgerWriter;
  index: IdIndex;
  operatorToken: string | undefined;
  now: () => number;
  /** Test hook: runs after a compensation's Zoho call, before its outcome is recorded (a crash there). */
  afterCompensationCall?: (() => void) | undefined;
}

interface Facts {
  result: ZohoResult;
  zohoId: string | null;
  errorCode: string | null;
  errorField: string | null;
}

function entry(c: ZohoCompensationPlanned, phase: 'INTENT' | 'OUTCOME', nowMs: number, facts: Partial<Facts> = {}): ZohoOperationRecorded {
  return {
    eventId: stableEventId(c.eventId, phase, phase === 'OUTCOME' ? String(nowMs) : ''),
    runId: c.runId,
    operationId: c.eventId,
    phase,
    operation: c.action,
    module: c.module,
    externalIdField: c.externalIdField,
    externalId: c.externalId || c.recordKey,
    zohoId: facts.zohoId ?? c.zohoId,
    result: facts.result ?? null,
    errorCode: facts.errorCode ?? null,
    errorField: facts.errorField ?? null,
    sourceEventIds: [],
    fieldsWritten: c.action === 'RESTORE' ? Object.keys(c.restoreFields) : [],
    entity: c.entity,
    recordKey: c.recordKey,
    locationId: c.locationId,
    memberKeys: [],
    parentModule: c.parentModule,
    parentZohoId: c.parentZohoId,
    sentFields: phase === 'INTENT' ? c.restoreFields : {},
    existedBefore: c.action === 'RESTORE',
    beforeImage: null,
    intendedResult: c.action === 'RESTORE' ? 'UPDATED' : 'DELETED',
    recovered: false,
    rollbackId: c.rollbackId,
    compensatedOperationIds: c.compensatedOperationIds,
    recordedAtMs: nowMs,
  };
}

function itemFacts(item: ZohoItemResult | undefined, ok: ZohoResult, id: string): Facts {
  if (item?.status === 'success') return { result: ok, zohoId: id, errorCode: null, errorField: null };
  const field = item?.details['api_name'];
  return { result: 'FAILED', zohoId: id, errorCode: item?.code ?? 'NO_RESULT', errorField: typeof field === 'string' ? field : null };
}

/** A delete Zoho refuses as INVALID_DATA found nothing to delete: it counts as done. */
function deleted(item: ZohoItemResult | undefined, id: string): Facts {
  if (item?.status !== 'success' && item?.code === 'INVALID_DATA') return { result: 'DELETED', zohoId: id, errorCode: COMPENSATION_CODES.alreadyGone, errorField: null };
  return itemFacts(item, 'DELETED', id);
}

async function currentRecord(deps: CompensationDeps, c: ZohoCompensationPlanned, id: string): Promise<Record<string, unknown> | null> {
  // An attachment has no record to read: gone with its parent (Zoho deletes them together), else its delete says.
  if (c.module === 'Attachments') return c.parentModule && c.parentZohoId && (await deps.gateway.getRecord(c.parentModule, c.parentZohoId, ['id'])) ? {} : null;
  const fields = fieldsToRead(c);
  return deps.gateway.getRecord(c.module, id, fields.length > 0 ? fields : ['id']);
}

async function act(deps: CompensationDeps, c: ZohoCompensationPlanned, id: string, decision: CompensationDecision): Promise<Facts> {
  switch (decision.kind) {
    case 'already-gone':
      return { result: 'DELETED', zohoId: id, errorCode: COMPENSATION_CODES.alreadyGone, errorField: null };
    case 'already-restored':
      return { result: 'UPDATED', zohoId: id, errorCode: COMPENSATION_CODES.alreadyRestored, errorField: null };
    case 'restore-target-gone':
      return { result: 'FAILED', zohoId: id, errorCode: COMPENSATION_CODES.restoreTargetGone, errorField: null };
    case 'changed-since-migration':
      return { result: 'FAILED', zohoId: id, errorCode: COMPENSATION_CODES.changedSinceMigration, errorField: decision.field };
    case 'restore': {
      const [item] = await deps.gateway.updateById(c.module, [{ ...decision.record, id }]);
      return itemFacts(item, 'UPDATED', id);
    }
    case 'delete': {
      if (c.module === 'Attachments' && c.parentModule && c.parentZohoId) {
        const path = `/crm/v8/${c.parentModule}/${c.parentZohoId}/Attachments/${id}`;
        const { json } = await deps.gateway.zoho.request('DELETE', path, undefined, { endpoint: '/crm/v8/{module}/{id}/Attachments/{id}' });
        return deleted((json as { data?: ZohoItemResult[] } | null)?.data?.[0], id);
      }
      const [item] = await deps.gateway.deleteRecords(c.module, [id]);
      return deleted(item, id);
    }
  }
}

async function compensate(deps: CompensationDeps, c: ZohoCompensationPlanned): Promise<ZohoOperationRecorded> {
  // at-least-once: the intent is acknowledged before any call; a redelivery re-reads Zoho and finds the work done.
  await deps.ledger.record([entry(c, 'INTENT', deps.now())]);
  if (c.action === 'DELETE_FIELD') {
    const facts = await deleteProvisionedField(deps.gateway, c);
    deps.afterCompensationCall?.();
    return entry(c, 'OUTCOME', deps.now(), facts);
  }
  let id = c.zohoId;
  if (id === null && c.externalIdField !== '') {
    const found = await deps.gateway.findByExternalId(c.module, c.externalIdField, c.externalId);
    id = typeof found?.['id'] === 'string' ? found['id'] : null;
  }
  const facts: Facts =
    id === null
      ? { result: 'DELETED', zohoId: null, errorCode: COMPENSATION_CODES.alreadyGone, errorField: null }
      : await act(deps, c, id, decideCompensation(c, await currentRecord(deps, c, id)));
  deps.afterCompensationCall?.();
  return entry(c, 'OUTCOME', deps.now(), facts);
}

async function handleOne(deps: CompensationDeps, m: InboundMessage): Promise<Outcome> {
  if (m.value === null) return skip('tombstone');
  let c: ZohoCompensationPlanned;
  try {
    c = await deps.serde.decode('ZohoCompensationPlanned', m.value);
  } catch (error) {
    if (!isPermanent(error)) throw error;
    return deadLetter(error.code, error.message);
  }
  if (!isSignedBy(deps.operatorToken, c.eventId, c.authTag)) {
    const refused = entry(c, 'OUTCOME', deps.now(), { result: 'FAILED', errorCode: COMPENSATION_CODES.unauthenticated });
    return deadLetter(COMPENSATION_CODES.unauthenticated, 'the compensation is not signed with the writer\'s operator token (P2Z_OPERATOR_TOKEN)', [await deps.ledger.toRecord(refused)]);
  }
  const outcome = await compensate(deps, c);
  deps.index.apply(outcome);
  return emit(await deps.ledger.toRecord(outcome));
}

/**
 * Executes a rollback's compensations one by one, each ledgered (INTENT before the call, OUTCOME
 * committed with the consumed offset). Idempotent: a deleted record or field answers "already gone",
 * a restored record "already restored", so a redelivery after a crash finishes the job without errors.
 */
export function compensationHandler(deps: CompensationDeps): BatchHandler {
  return async (messages) => {
    const outcomes: Outcome[] = [];
    for (const m of messages) outcomes.push(await handleOne(deps, m));
    return outcomes;
  };
}
