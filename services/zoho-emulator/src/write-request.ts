// Whole-request validation of a write body ({data, trigger, duplicate_check_fields}) before any
// record is looked at. Failures here reject the entire call, not a single item.
import type { FieldDefinition } from './field-definitions.ts';
import { zohoError, ZohoApiError } from './zoho-errors.ts';

export type WriteOperation = 'insert' | 'update' | 'upsert';

export const MAX_RECORDS_PER_WRITE = 100;

const TRIGGERS = ['workflow', 'approval', 'blueprint', 'pathfinder', 'orchestration'];

export interface WriteRequest {
  data: unknown[];
  /** null when omitted: Zoho then runs all automations (reference §2.1); the emulator only records it. */
  trigger: unknown[] | null;
  duplicateCheckFields: string[] | null;
}

function reject(details: Record<string, unknown>, message = 'invalid data', code = 'INVALID_DATA'): never {
  throw new ZohoApiError(400, zohoError(code, message, details));
}

export function parseWriteBody(body: unknown, operation: WriteOperation, fields: FieldDefinition[], pathId?: string): WriteRequest {
  const input = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const data = input['data'];
  // Zoho's code for a missing/empty `data` is UNCONFIRMED; by analogy with COQL's missing
  // select_query (OAS v8: MANDATORY_NOT_FOUND "mandatory key not found") a missing key is
  // MANDATORY_NOT_FOUND, a wrong type or an empty array INVALID_DATA.
  if (data === undefined) reject({ api_name: 'data', json_path: '$.data' }, 'mandatory key not found', 'MANDATORY_NOT_FOUND');
  if (!Array.isArray(data)) reject({ api_name: 'data', expected_data_type: 'jsonarray', json_path: '$.data' });
  if (data.length === 0) reject({ api_name: 'data', json_path: '$.data' }, 'data should not be empty');
  if (data.length > MAX_RECORDS_PER_WRITE) {
    // Shape from Zoho OAS v8 (updateRecord LIMIT_EXCEEDED: {maximum_length, api_name}); `limit` added for clients keyed on it.
    throw new ZohoApiError(400, {
      data: [
        zohoError('LIMIT_EXCEEDED', 'count of records in your request exceeds the limit', {
          api_name: 'data',
          maximum_length: MAX_RECORDS_PER_WRITE,
          limit: MAX_RECORDS_PER_WRITE,
        }),
      ],
    });
  }

  let records: unknown[] = data;
  if (pathId !== undefined) {
    // PUT /{module}/{id}: exactly one record, its id comes from the path.
    if (data.length !== 1) reject({ api_name: 'data', json_path: '$.data', maximum_length: 1 });
    const first = data[0];
    records = [typeof first === 'object' && first !== null && !Array.isArray(first) ? { ...first, id: pathId } : first];
  }

  const trigger = input['trigger'];
  if (trigger !== undefined) {
    if (!Array.isArray(trigger)) reject({ api_name: 'trigger', expected_data_type: 'jsonarray', json_path: '$.trigger' });
    trigger.forEach((t, i) => {
      if (typeof t !== 'string' || !TRIGGERS.includes(t)) {
        reject({ api_name: 'trigger', json_path: `$.trigger[${i}]`, supported_values: TRIGGERS });
      }
    });
  }

  let duplicateCheckFields: string[] | null = null;
  const dcf = input['duplicate_check_fields'];
  if (operation === 'upsert' && dcf !== undefined) {
    if (!Array.isArray(dcf)) reject({ api_name: 'duplicate_check_fields', expected_data_type: 'jsonarray', json_path: '$.duplicate_check_fields' });
    const writable = new Set(fields.filter((f) => !f.read_only).map((f) => f.api_name));
    dcf.forEach((name, i) => {
      if (typeof name !== 'string' || !writable.has(name)) {
        reject({ api_name: 'duplicate_check_fields', json_path: `$.duplicate_check_fields[${i}]` });
      }
    });
    duplicateCheckFields = dcf as string[];
  }

  return { data: records, trigger: trigger === undefined ? null : (trigger as unknown[]), duplicateCheckFields };
}
