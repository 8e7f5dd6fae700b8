// Metadata-driven validation of one record of a write call (pure: lookups are injected).
// Produces either the normalised values to store or the first per-item error, in Zoho's shapes.
import type { FieldDefinition } from './field-definitions.ts';
import { formatZohoDateTime } from './database.ts';
import { itemErrors, type ZohoErrorBody } from './zoho-errors.ts';

export interface ValidationContext {
  mode: 'insert' | 'update';
  /** Position of the record in the request's `data` array (for json_path). */
  index: number;
  resolveLookup(targetModule: string, id: string): { name: string; id: string } | null;
  resolveUser(id: string): { name: string; id: string; email: string } | null;
}

export type ValidationResult =
  | { ok: true; values: Record<string, unknown> }
  | { ok: false; error: ZohoErrorBody };

type ValueResult = { ok: true; value: unknown } | { ok: false; error: ZohoErrorBody };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isValidCalendarDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function digitCount(n: number | string): number {
  return String(n).replace(/^-/, '').length;
}

function referenceId(value: unknown): string | null {
  if (!isPlainObject(value)) return null;
  const id = value['id'];
  if (typeof id === 'string' && /^\d+$/.test(id)) return id;
  if (typeof id === 'number' && Number.isSafeInteger(id)) return String(id);
  return null;
}

/** `seModule` is the record's `$se_module`: the target of a lookup without a fixed module (Tasks.What_Id). */
function validateValue(field: FieldDefinition, value: unknown, path: string, ctx: ValidationContext, seModule: string | undefined): ValueResult {
  const name = field.api_name;
  const ok = (v: unknown): ValueResult => ({ ok: true, value: v });
  const wrongType = (expected: string): ValueResult => ({ ok: false, error: itemErrors.invalidType(name, expected, path) });
  const tooLong = (max: number): ValueResult => ({ ok: false, error: itemErrors.tooLong(name, max, path) });

  switch (field.data_type) {
    case 'text':
    case 'textarea':
    case 'phone':
    case 'website':
    case 'picklist':
    case 'email': {
      if (typeof value !== 'string') return wrongType(field.data_type === 'email' ? 'email' : 'text');
      if (field.length !== null && value.length > field.length) return tooLong(field.length);
      if (field.data_type === 'email' && value !== '' && !EMAIL.test(value)) return wrongType('email');
      // Whether v8 rejects picklist values outside pick_list_values is UNCONFIRMED (reference §2.2); accepted.
      return ok(value);
    }
    case 'multiselectpicklist':
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) return wrongType('jsonarray');
      return ok(value);
    case 'date':
      if (typeof value !== 'string' || !isValidCalendarDate(value)) return wrongType('date');
      return ok(value);
    case 'datetime': {
      if (typeof value !== 'string' || !DATETIME.test(value)) return wrongType('datetime');
      const ms = Date.parse(value);
      if (Number.isNaN(ms)) return wrongType('datetime');
      // Zoho answers with times rendered in the org's zone; the emulated org is on UTC.
      return ok(formatZohoDateTime(ms));
    }
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) return wrongType('integer');
      if (digitCount(value) > (field.length ?? 9)) return tooLong(field.length ?? 9);
      return ok(value);
    case 'bigint': {
      const valid = (typeof value === 'number' && Number.isSafeInteger(value)) || (typeof value === 'string' && /^-?\d+$/.test(value));
      if (!valid) return wrongType('bigint');
      if (digitCount(value) > (field.length ?? 18)) return tooLong(field.length ?? 18);
      return ok(value);
    }
    case 'double':
    case 'currency':
    case 'percent':
      if (typeof value !== 'number' || !Number.isFinite(value)) return wrongType('double');
      return ok(value);
    case 'boolean':
      if (typeof value !== 'boolean') return wrongType('boolean');
      return ok(value);
    case 'lookup': {
      if (!isPlainObject(value)) return wrongType('jsonobject');
      const id = referenceId(value);
      const target = field.lookup?.module.api_name ?? seModule;
      const resolved = id && target ? ctx.resolveLookup(target, id) : null;
      if (!resolved) return { ok: false, error: itemErrors.invalidReference(name, path) };
      return ok(resolved);
    }
    case 'ownerlookup':
    case 'userlookup': {
      if (!isPlainObject(value)) return wrongType('jsonobject');
      const id = referenceId(value);
      const user = id ? ctx.resolveUser(id) : null;
      if (!user) return { ok: false, error: itemErrors.invalidReference(name, path) };
      return ok(user);
    }
  }
}

/**
 * Validates one record. Checks run in this order and the first failure wins: shape, mandatory fields,
 * then each supplied key in request order (unknown field, read-only field, type, length).
 * Zoho's own precedence between these checks is UNCONFIRMED.
 */
export function validateRecordInput(fields: FieldDefinition[], input: unknown, ctx: ValidationContext): ValidationResult {
  const base = `$.data[${ctx.index}]`;
  if (!isPlainObject(input)) {
    return { ok: false, error: itemErrors.invalidType('data', 'jsonobject', base) };
  }
  const byName = new Map(fields.map((f) => [f.api_name, f]));

  for (const field of fields) {
    if (!field.system_mandatory || field.read_only) continue;
    const present = Object.hasOwn(input, field.api_name);
    const missing = ctx.mode === 'insert' ? isBlank(input[field.api_name]) : present && isBlank(input[field.api_name]);
    if (missing) return { ok: false, error: itemErrors.mandatoryNotFound(field.api_name, `${base}.${field.api_name}`) };
  }

  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    // `id` is the record key (handled by the caller); `$`-prefixed keys are Zoho request meta ($se_module …).
    if (key === 'id' || key.startsWith('$')) continue;
    const path = `${base}.${key}`;
    const field = byName.get(key);
    if (!field) return { ok: false, error: itemErrors.unknownField(key, path) };
    // Whether Zoho ignores or rejects system fields such as Created_Time on write is UNCONFIRMED
    // (reference §8); rejecting keeps a writer from silently relying on it.
    if (field.read_only) return { ok: false, error: itemErrors.readOnlyField(key, path) };
    if (value === null) {
      values[key] = null;
      continue;
    }
    const seModule = typeof input['$se_module'] === 'string' ? input['$se_module'] : undefined;
    const checked = validateValue(field, value, path, ctx, seModule);
    if (!checked.ok) return checked;
    values[key] = checked.value;
    // Kept beside a module-less lookup so reads show which module What_Id points into.
    if (field.data_type === 'lookup' && field.lookup === null && seModule !== undefined) values['$se_module'] = seModule;
  }
  return { ok: true, values };
}
