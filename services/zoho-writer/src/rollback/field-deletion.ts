import type { ZohoCompensationPlanned } from '@panda2zoho/events';
import type { ZohoGateway } from '../adapters/zoho-gateway.ts';
import { COMPENSATION_CODES } from './rollback-report.ts';

export interface FieldDeletionFacts {
  result: 'DELETED' | 'FAILED';
  zohoId: string | null;
  errorCode: string | null;
  /** The field's api name when Zoho refused (never a value). */
  errorField: string | null;
}

/** Codes that say the field is not there (any more): INVALID_DATA no such field id, INVALID_MODULE its module is gone and the field with it. */
const GONE = new Set(['INVALID_DATA', 'INVALID_MODULE']);

/**
 * What Zoho's answer to DELETE /settings/fields/{id} means for the compensation: deleted; already
 * gone (counts as done, so a redelivery or a re-run finishes without errors); or refused with Zoho's
 * code (NOT_ALLOWED: a standard field, or the edition/profile may not delete fields). Pure.
 */
export function fieldDeletionFacts(answer: { status: 'success' | 'error'; code: string }, id: string, apiName: string): FieldDeletionFacts {
  if (answer.status === 'success') return { result: 'DELETED', zohoId: id, errorCode: null, errorField: null };
  if (GONE.has(answer.code)) return { result: 'DELETED', zohoId: id, errorCode: COMPENSATION_CODES.alreadyGone, errorField: null };
  return { result: 'FAILED', zohoId: id, errorCode: answer.code, errorField: apiName };
}

/**
 * A DELETE_FIELD compensation: the field by its id, or (an intent a crash left without outcome) by
 * its api name; through the writer's ZohoClient, so the limiter and the credit budget apply.
 */
export async function deleteProvisionedField(gateway: ZohoGateway, c: ZohoCompensationPlanned): Promise<FieldDeletionFacts> {
  const id = c.zohoId ?? (await gateway.provisionedId({ kind: 'field', module: c.module, apiName: c.externalId }));
  if (id === null) return { result: 'DELETED', zohoId: null, errorCode: COMPENSATION_CODES.alreadyGone, errorField: null };
  return fieldDeletionFacts(await gateway.deleteField(c.module, id), id, c.externalId);
}
