// Validation of one item of POST /settings/fields (create custom field), pure.
// Body shape: {"fields":[{"field_label","data_type","length"?,"unique"?,"pick_list_values"?,"lookup"?}]}
// (reference §4; Zoho OAS v8 createFields example).
import {
  apiNameFromLabel,
  CUSTOM_FIELD_DATA_TYPES,
  TYPE_LENGTHS,
  type FieldDataType,
  type FieldDefinition,
  type PickListValue,
} from './field-definitions.ts';
import { zohoError, type ZohoErrorBody } from './zoho-errors.ts';

/** [2nd-hand: api-evangelist's schema derived from Zoho's OAS] at most 5 fields per create call. */
export const MAX_FIELDS_PER_CREATE = 5;

const UNIQUE_CAPABLE: readonly FieldDataType[] = ['text', 'email', 'phone', 'website', 'integer', 'bigint', 'double'];

export interface FieldCreationContext {
  index: number;
  existing: FieldDefinition[];
  lookupModuleId(apiName: string): string | undefined;
}

export type FieldCreation = { ok: true; definition: Omit<FieldDefinition, 'id'> } | { ok: false; error: ZohoErrorBody };

function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/**
 * Zoho's request example sends `"unique": {"case_sensitive": false}` while field metadata reads back
 * `unique: {casesensitive}`. Which spellings the server accepts is UNCONFIRMED, so both are accepted,
 * as are `true` and a string "true"/"false" value. `false`, `null` and absent mean not unique.
 */
export function parseUniqueOption(value: unknown): { casesensitive: boolean } | null | 'invalid' {
  if (value === undefined || value === null || value === false) return null;
  if (value === true) return { casesensitive: false };
  const obj = asRecord(value);
  if (!obj) return 'invalid';
  const raw = obj['casesensitive'] ?? obj['case_sensitive'];
  if (raw === undefined) return { casesensitive: false };
  if (raw === true || raw === 'true') return { casesensitive: true };
  if (raw === false || raw === 'false') return { casesensitive: false };
  return 'invalid';
}

function parsePickList(value: unknown): PickListValue[] | 'invalid' {
  if (value === undefined) return [{ display_value: '-None-', actual_value: '-None-', sequence_number: 1 }];
  if (!Array.isArray(value)) return 'invalid';
  const result: PickListValue[] = [];
  for (const [i, item] of value.entries()) {
    const obj = asRecord(item);
    const display = obj?.['display_value'] ?? item;
    if (typeof display !== 'string' || display === '') return 'invalid';
    const actual = obj?.['actual_value'];
    result.push({ display_value: display, actual_value: typeof actual === 'string' ? actual : display, sequence_number: i + 1 });
  }
  return result;
}

export function buildCustomField(item: unknown, ctx: FieldCreationContext): FieldCreation {
  const path = `$.fields[${ctx.index}]`;
  const fail = (code: string, message: string, key: string, extra: Record<string, unknown> = {}): FieldCreation => ({
    ok: false,
    error: zohoError(code, message, { api_name: key, json_path: `${path}.${key}`, ...extra }),
  });
  const input = asRecord(item);
  if (!input) return { ok: false, error: zohoError('INVALID_DATA', 'invalid data', { expected_data_type: 'jsonobject', json_path: path }) };

  const label = input['field_label'];
  if (typeof label !== 'string' || label.trim() === '') return fail('MANDATORY_NOT_FOUND', 'required field not found', 'field_label');
  const dataType = input['data_type'];
  if (dataType === undefined) return fail('MANDATORY_NOT_FOUND', 'required field not found', 'data_type');
  if (typeof dataType !== 'string' || !CUSTOM_FIELD_DATA_TYPES.includes(dataType as FieldDataType)) {
    return fail('INVALID_DATA', 'invalid data', 'data_type', { supported_values: CUSTOM_FIELD_DATA_TYPES });
  }
  const type = dataType as FieldDataType;

  const apiName = apiNameFromLabel(label);
  if (!/^[A-Za-z]/.test(apiName)) return fail('INVALID_DATA', 'invalid data', 'field_label');
  const clash = ctx.existing.find(
    (f) => f.api_name.toLowerCase() === apiName.toLowerCase() || f.field_label.toLowerCase() === label.trim().toLowerCase(),
  );
  if (clash) return fail('DUPLICATE_DATA', 'duplicate data', 'field_label', { duplicate_api_name: clash.api_name });

  const limits = TYPE_LENGTHS[type];
  let length: number | null = limits?.default ?? null;
  if (input['length'] !== undefined) {
    const requested = input['length'];
    if (!limits || typeof requested !== 'number' || !Number.isInteger(requested) || requested < 1 || requested > limits.max) {
      return fail('INVALID_DATA', 'invalid data', 'length', limits ? { maximum_length: limits.max } : {});
    }
    length = requested;
  }

  const unique = parseUniqueOption(input['unique']);
  if (unique === 'invalid' || (unique && !UNIQUE_CAPABLE.includes(type))) return fail('INVALID_DATA', 'invalid data', 'unique');

  let pickList: PickListValue[] = [];
  if (type === 'picklist' || type === 'multiselectpicklist') {
    const parsed = parsePickList(input['pick_list_values']);
    if (parsed === 'invalid') return fail('INVALID_DATA', 'invalid data', 'pick_list_values');
    pickList = parsed;
  }

  let lookup: FieldDefinition['lookup'] = null;
  if (type === 'lookup') {
    const target = asRecord(asRecord(input['lookup'])?.['module'])?.['api_name'];
    const targetId = typeof target === 'string' ? ctx.lookupModuleId(target) : undefined;
    if (typeof target !== 'string' || !targetId) return fail('INVALID_DATA', 'invalid data', 'lookup');
    lookup = { module: { api_name: target, id: targetId } };
  }

  const decimalPlace = input['decimal_place'];
  return {
    ok: true,
    definition: {
      api_name: apiName,
      field_label: label.trim(),
      data_type: type,
      length,
      decimal_place: typeof decimalPlace === 'number' ? decimalPlace : type === 'double' || type === 'currency' ? 2 : null,
      custom_field: true,
      system_mandatory: false,
      read_only: false,
      field_read_only: false,
      unique,
      pick_list_values: pickList,
      lookup,
    },
  };
}
