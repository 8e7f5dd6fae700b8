// Field metadata model: what the emulator stores per field, and how it is rendered in Zoho's
// GET /settings/fields shape (keys from reference §4 / Zoho OAS `fields` schema).

export type FieldDataType =
  | 'text'
  | 'textarea'
  | 'email'
  | 'phone'
  | 'website'
  | 'picklist'
  | 'multiselectpicklist'
  | 'date'
  | 'datetime'
  | 'integer'
  | 'bigint'
  | 'double'
  | 'currency'
  | 'percent'
  | 'boolean'
  | 'lookup'
  | 'ownerlookup'
  | 'userlookup';

export interface PickListValue {
  display_value: string;
  actual_value: string;
  sequence_number: number;
}

export interface FieldDefinition {
  id: string;
  api_name: string;
  field_label: string;
  data_type: FieldDataType;
  length: number | null;
  decimal_place: number | null;
  custom_field: boolean;
  system_mandatory: boolean;
  /** System-maintained value (Created_Time …); clients cannot write it. */
  read_only: boolean;
  /** Writable by API but not editable in the UI (e.g. Owner) — mirrors Zoho's separate flag. */
  field_read_only: boolean;
  unique: { casesensitive: boolean } | null;
  pick_list_values: PickListValue[];
  lookup: { module: { api_name: string; id: string } } | null;
}

export const CUSTOM_FIELD_DATA_TYPES: readonly FieldDataType[] = [
  'text',
  'textarea',
  'email',
  'phone',
  'website',
  'picklist',
  'multiselectpicklist',
  'date',
  'datetime',
  'integer',
  'bigint',
  'double',
  'currency',
  'percent',
  'boolean',
  'lookup',
];

/** Default and maximum lengths per type (reference §2.2: single line 255, multi-line 32,000, phone 30, integer 9 digits). */
export const TYPE_LENGTHS: Partial<Record<FieldDataType, { default: number; max: number }>> = {
  text: { default: 255, max: 255 },
  textarea: { default: 32000, max: 32000 },
  email: { default: 100, max: 100 },
  phone: { default: 30, max: 30 },
  website: { default: 255, max: 255 },
  picklist: { default: 120, max: 120 },
  integer: { default: 9, max: 9 },
  bigint: { default: 18, max: 18 },
  double: { default: 16, max: 16 },
  currency: { default: 16, max: 16 },
  percent: { default: 5, max: 5 },
};

export function jsonTypeOf(dataType: FieldDataType): string {
  switch (dataType) {
    case 'integer':
      return 'integer';
    case 'double':
    case 'currency':
    case 'percent':
      return 'double';
    case 'boolean':
      return 'boolean';
    case 'multiselectpicklist':
      return 'jsonarray';
    case 'lookup':
    case 'ownerlookup':
    case 'userlookup':
      return 'jsonobject';
    default:
      return 'string';
  }
}

/**
 * Custom-field api_name from its label: spaces → '_', other non [A-Za-z0-9_] characters dropped.
 * Zoho's exact generation rule is UNCONFIRMED (reference §4); this matches names seen in the wild
 * ("PANDA Patient Key" → "PANDA_Patient_Key").
 */
export function apiNameFromLabel(label: string): string {
  return label
    .trim()
    .replace(/\s+/g, '_')
    .replace(/[^A-Za-z0-9_]/g, '')
    .replace(/_+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** Renders the stored definition as Zoho's field metadata object. */
export function toFieldMetadata(field: FieldDefinition): Record<string, unknown> {
  return {
    id: field.id,
    api_name: field.api_name,
    field_label: field.field_label,
    display_label: field.field_label,
    data_type: field.data_type,
    json_type: jsonTypeOf(field.data_type),
    length: field.length,
    decimal_place: field.decimal_place,
    custom_field: field.custom_field,
    system_mandatory: field.system_mandatory,
    read_only: field.read_only,
    field_read_only: field.field_read_only || field.read_only,
    // Zoho's OAS examples render a non-unique field as `{}` (not null); a unique one as {casesensitive}.
    unique: field.unique ? { casesensitive: field.unique.casesensitive } : {},
    pick_list_values: field.pick_list_values.map((v) => ({ ...v, type: 'used' })),
    lookup: field.lookup ?? {},
    visible: true,
    filterable: !field.read_only || field.data_type === 'datetime',
    sortable: true,
    searchable: field.data_type !== 'textarea',
    type: 'used',
    created_source: field.custom_field ? 'crm_api' : 'default',
    operation_type: {
      web_update: !field.read_only,
      api_create: !field.read_only,
      web_create: !field.read_only,
      api_update: !field.read_only,
    },
    crypt: null,
    hipaa_compliance: null,
    hipaa_compliance_enabled: false,
    private: null,
    external: null,
    subform: null,
    formula: {},
    currency: {},
    auto_number: {},
    multiselectlookup: {},
    webhook: true,
  };
}
