// GET /settings/layouts: the emulator keeps no layout state, so every module has one "Standard"
// layout whose sections are derived from the field list (writable fields, then system fields).
// Keys follow Zoho's OAS `layouts` schema as far as the reference covers it; the rest is UNCONFIRMED.
import { toFieldMetadata, type FieldDefinition } from './field-definitions.ts';
import type { ModuleDefinition } from './metadata-repository.ts';
import { ADMIN_REF } from './org-identity.ts';

/**
 * Ids are 7-digit prefix + 12-digit sequence whose first digit stays 0 for any realistic run, so
 * putting a 9 there yields a stable layout id that can never collide with a generated id.
 */
export function layoutId(module: ModuleDefinition): string {
  return `${module.id.slice(0, 7)}9${module.id.slice(8)}`;
}

export function renderDefaultLayout(module: ModuleDefinition, fields: FieldDefinition[]): Record<string, unknown> {
  const section = (name: string, sequence: number, members: FieldDefinition[]): Record<string, unknown> => ({
    display_label: name,
    sequence_number: sequence,
    api_name: name.replace(/ /g, '_'),
    name,
    column_count: 2,
    tab_traversal: 'left_to_right',
    isSubformSection: false,
    generated_type: 'default',
    type: 'used',
    fields: members.map((f) => ({ ...toFieldMetadata(f), required: f.system_mandatory })),
  });
  return {
    id: layoutId(module),
    name: 'Standard',
    display_label: 'Standard',
    api_name: 'Standard',
    status: 'active',
    visible: true,
    source: 'crm',
    created_time: null,
    modified_time: null,
    created_by: { ...ADMIN_REF },
    modified_by: null,
    profiles: [{ name: 'Administrator', id: '5725767000000000497', default: true }],
    sections: [
      section(`${module.singular_label} Information`, 1, fields.filter((f) => !f.read_only)),
      section('System Information', 2, fields.filter((f) => f.read_only)),
    ],
  };
}
