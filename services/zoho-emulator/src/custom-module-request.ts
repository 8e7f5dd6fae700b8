// Validation of POST /settings/modules items and the initial field set of a custom module
// (reference §4: labels ≤25 chars of letters/digits/spaces; api_name ≤50, starts with a letter,
// no trailing `_`, no `__`).
import type { FieldDefinition } from './field-definitions.ts';
import { field, ownerField, systemFields, type FieldSpec } from './standard-modules.ts';
import { zohoError, type ZohoErrorBody } from './zoho-errors.ts';

export const MAX_MODULE_LABEL_LENGTH = 25;
export const MAX_MODULE_API_NAME_LENGTH = 50;

const LABEL = /^[A-Za-z0-9 ]+$/;
const API_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

export interface CustomModuleDraft {
  api_name: string;
  singular_label: string;
  plural_label: string;
}

export type CustomModuleParse = { ok: true; draft: CustomModuleDraft } | { ok: false; error: ZohoErrorBody };

function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

export function parseCustomModule(item: unknown, index: number, exists: (apiName: string) => boolean): CustomModuleParse {
  const path = `$.modules[${index}]`;
  const fail = (code: string, message: string, key: string, extra: Record<string, unknown> = {}): CustomModuleParse => ({
    ok: false,
    error: zohoError(code, message, { api_name: key, json_path: `${path}.${key}`, ...extra }),
  });
  const input = asRecord(item);
  if (!input) return { ok: false, error: zohoError('INVALID_DATA', 'invalid data', { expected_data_type: 'jsonobject', json_path: path }) };

  for (const key of ['singular_label', 'plural_label'] as const) {
    const label = input[key];
    if (typeof label !== 'string' || label.trim() === '') return fail('MANDATORY_NOT_FOUND', 'required field not found', key);
    if (label.length > MAX_MODULE_LABEL_LENGTH) return fail('INVALID_DATA', 'invalid data', key, { maximum_length: MAX_MODULE_LABEL_LENGTH });
    if (!LABEL.test(label)) return fail('INVALID_DATA', 'invalid data', key);
  }
  // Zoho's docs mark profiles as required; whether the ids are checked against real profiles is UNCONFIRMED (not checked).
  const profiles = input['profiles'];
  if (!Array.isArray(profiles) || profiles.length === 0 || !profiles.every((p) => asRecord(p)?.['id'] !== undefined)) {
    return fail('MANDATORY_NOT_FOUND', 'required field not found', 'profiles');
  }
  const singular = (input['singular_label'] as string).trim();
  const plural = (input['plural_label'] as string).trim();
  // Without api_name Zoho derives one from the plural label (exact derivation UNCONFIRMED).
  const rawApiName = input['api_name'] ?? plural.replace(/ +/g, '_');
  if (typeof rawApiName !== 'string' || rawApiName === '') return fail('INVALID_DATA', 'invalid data', 'api_name');
  if (rawApiName.length > MAX_MODULE_API_NAME_LENGTH) return fail('INVALID_DATA', 'invalid data', 'api_name', { maximum_length: MAX_MODULE_API_NAME_LENGTH });
  if (!API_NAME.test(rawApiName) || rawApiName.endsWith('_') || rawApiName.includes('__')) return fail('INVALID_DATA', 'invalid data', 'api_name');
  if (exists(rawApiName)) return fail('DUPLICATE_DATA', 'duplicate data', 'api_name');
  return { ok: true, draft: { api_name: rawApiName, singular_label: singular, plural_label: plural } };
}

/** A standard-module field spec without a lookup, as a module definition takes it. */
function definition({ lookupModule: _lookup, pick_list_values, decimal_place, ...rest }: FieldSpec): Omit<FieldDefinition, 'id'> {
  return { ...rest, pick_list_values: pick_list_values ?? [], decimal_place: decimal_place ?? null, lookup: null };
}

/** The fields a fresh custom module has (Name is its mandatory display field; the rest are Zoho defaults). */
export function customModuleFields(singularLabel: string): Array<Omit<FieldDefinition, 'id'>> {
  return [
    field('Name', 'text', 120, { field_label: `${singularLabel} Name`, system_mandatory: true }),
    ownerField(`${singularLabel} Owner`),
    field('Email', 'email', 100),
    field('Secondary_Email', 'email', 100),
    ...systemFields(),
  ].map(definition);
}
