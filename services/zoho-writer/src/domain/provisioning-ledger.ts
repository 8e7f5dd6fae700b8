import { stableEventId, type ZohoOperationRecorded } from '@panda2zoho/events';

/**
 * What provisioning creates in the org and the ledger records (operation PROVISION): a custom field
 * of a module, or a custom module. Layout sections are not recorded: no documented Zoho API removes
 * one, so a rollback could not use the entry (deleting the section's fields empties it).
 */
export type ProvisionedTarget = { kind: 'field'; module: string; apiName: string } | { kind: 'module'; module: string };

/** What provisioning tells its recorder: before a create call (what is sent), and after it. */
export type ProvisioningEvent =
  | { phase: 'INTENT'; target: ProvisionedTarget; sent: Record<string, unknown> }
  /** INSERTED: this call created it. FAILED: it did not (Zoho's code; DUPLICATE_DATA = someone else's, a concurrent provisioner's). */
  | { phase: 'OUTCOME'; target: ProvisionedTarget; result: 'INSERTED'; zohoId: string }
  | { phase: 'OUTCOME'; target: ProvisionedTarget; result: 'FAILED'; errorCode: string };

export const PROVISIONED_FIELD_ENTITY = 'zoho_field';
export const PROVISIONED_MODULE_ENTITY = 'zoho_module';
/** A provisioned field's api name is the ledger's externalId under this externalIdField; a module's under 'module'. */
export const FIELD_ID_FIELD = 'api_name';
export const MODULE_ID_FIELD = 'module';

/** The ledger key of a provisioned thing: `zoho-field:<module>.<api_name>` or `zoho-module:<module>`. */
export function provisionedRecordKey(target: ProvisionedTarget): string {
  return target.kind === 'field' ? `zoho-field:${target.module}.${target.apiName}` : `zoho-module:${target.module}`;
}

/** JSON-encoded per key, like a record's sentFields: the definition sent (labels, type, length; no PHI). */
function encoded(sent: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(sent).map(([k, v]) => [k, JSON.stringify(v ?? null)]));
}

/**
 * The INTENT before a create call. `attemptId` tells one provisioning apart from another of the same
 * run (after a rollback deleted a field, a restarted writer creates it again): the operationId pairs
 * this intent with its outcome only.
 */
export function provisioningIntent(runId: string, attemptId: string, target: ProvisionedTarget, sent: Record<string, unknown>, nowMs: number): ZohoOperationRecorded {
  const field = target.kind === 'field';
  const operationId = stableEventId('zoho-provision', runId, attemptId, provisionedRecordKey(target));
  return {
    eventId: stableEventId(operationId, 'INTENT'),
    runId,
    operationId,
    phase: 'INTENT',
    operation: 'PROVISION',
    module: target.module,
    externalIdField: field ? FIELD_ID_FIELD : MODULE_ID_FIELD,
    externalId: field ? target.apiName : target.module,
    zohoId: null,
    result: null,
    errorCode: null,
    errorField: null,
    sourceEventIds: [],
    fieldsWritten: [],
    entity: field ? PROVISIONED_FIELD_ENTITY : PROVISIONED_MODULE_ENTITY,
    recordKey: provisionedRecordKey(target),
    locationId: null,
    memberKeys: [],
    parentModule: null,
    parentZohoId: null,
    sentFields: encoded(sent),
    existedBefore: false,
    beforeImage: null,
    intendedResult: 'INSERTED',
    recovered: false,
    rollbackId: null,
    compensatedOperationIds: [],
    recordedAtMs: nowMs,
  };
}

export interface ProvisioningOutcomeFacts {
  result: 'INSERTED' | 'FAILED';
  zohoId: string | null;
  errorCode: string | null;
  /** Written at a writer's restart for an intent a crash left open, after looking the field or module up. */
  recovered?: boolean;
}

/** The OUTCOME of an intent (same operationId). */
export function provisioningOutcome(intent: ZohoOperationRecorded, facts: ProvisioningOutcomeFacts, nowMs: number): ZohoOperationRecorded {
  return {
    ...intent,
    eventId: stableEventId(intent.operationId, 'OUTCOME', facts.recovered ? 'recovered' : 'called'),
    phase: 'OUTCOME',
    zohoId: facts.zohoId,
    result: facts.result,
    errorCode: facts.errorCode,
    sentFields: {},
    intendedResult: null,
    recovered: facts.recovered ?? false,
    recordedAtMs: nowMs,
  };
}

/** The target an entry of operation PROVISION stands for. */
export function provisionedTargetOf(entry: Pick<ZohoOperationRecorded, 'module' | 'externalIdField' | 'externalId'>): ProvisionedTarget {
  return entry.externalIdField === MODULE_ID_FIELD ? { kind: 'module', module: entry.module } : { kind: 'field', module: entry.module, apiName: entry.externalId };
}
