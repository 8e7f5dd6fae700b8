import { stableEventId, type ZohoOperationRecorded, type ZohoResult } from '@panda2zoho/events';
import type { PlannedWrite } from './plan-writes.ts';
import { CONTACTS_MODULE, EXTERNAL_ID_FIELD } from './contact-mapping.ts';

export interface ItemResult {
  code: string;
  status: string;
  action?: string | undefined;
  details: Record<string, unknown>;
}

export function operationId(runId: string, write: PlannedWrite): string {
  return stableEventId('zoho-upsert', runId, write.contactKey, ...write.sourceEventIds);
}

function entry(runId: string, write: PlannedWrite, fields: string[], nowMs: number): Omit<ZohoOperationRecorded, 'phase' | 'eventId'> {
  return {
    runId,
    operationId: operationId(runId, write),
    operation: 'UPSERT',
    module: CONTACTS_MODULE,
    externalIdField: EXTERNAL_ID_FIELD,
    externalId: write.contactKey,
    zohoId: null,
    result: null,
    errorCode: null,
    errorField: null,
    sourceEventIds: write.sourceEventIds,
    fieldsWritten: fields,
    recordedAtMs: nowMs,
  };
}

export function intentEntry(runId: string, write: PlannedWrite, fields: string[], nowMs: number): ZohoOperationRecorded {
  const base = entry(runId, write, fields, nowMs);
  return { ...base, phase: 'INTENT', eventId: stableEventId(base.operationId, 'INTENT') };
}

/** The ledger's outcome for one Zoho item result. Errors keep the code and the field's api name, never its value. */
export function outcomeEntry(runId: string, write: PlannedWrite, fields: string[], item: ItemResult, nowMs: number): ZohoOperationRecorded {
  const base = entry(runId, write, fields, nowMs);
  const ok = item.status === 'success';
  const result: ZohoResult = ok ? (item.action === 'update' ? 'UPDATED' : 'INSERTED') : 'FAILED';
  const id = item.details['id'];
  const apiName = item.details['api_name'];
  return {
    ...base,
    phase: 'OUTCOME',
    eventId: stableEventId(base.operationId, 'OUTCOME'),
    zohoId: ok && typeof id === 'string' ? id : null,
    result,
    errorCode: ok ? null : item.code,
    errorField: !ok && typeof apiName === 'string' ? apiName : null,
  };
}
