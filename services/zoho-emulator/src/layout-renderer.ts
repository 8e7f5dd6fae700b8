// GET /settings/layouts: every module has one "Standard" layout whose sections are derived from the
// field list (writable fields, then system fields), plus the custom sections added by PATCH (their
// fields leave the first section).
// Keys follow Zoho's OAS `layouts` schema as far as the reference covers it; the rest is UNCONFIRMED.
import { toFieldMetadata, type FieldDefinition } from './field-definitions.ts';
import type { ModuleDefinition } from './metadata-repository.ts';
import type { LayoutSection } from './layout-sections.ts';
import { ADMIN_REF } from './org-identity.ts';

/**
 * Ids are 7-digit prefix + 12-digit sequence whose first digit stays 0 for any realistic run, so
 * putting a 9 there yields a stable layout id that can never collide with a generated id.
 */
export function layoutId(module: ModuleDefinition): string {
  return `${module.id.slice(0, 7)}9${module.id.slice(8)}`;
}

export function renderDefaultLayout(module: ModuleDefinition, fields: FieldDefinition[], custom: LayoutSection[] = []): Record<string, unknown> {
  const moved = new Set(custom.flatMap((s) => s.fields));
  const byName = new Map(fields.map((f) => [f.api_name, f]));
  const section = (name: string, sequence: number, members: FieldDefinition[], apiName = name.replace(/ /g, '_'), generated = 'default'): Record<string, unknown> => ({
    display_label: name,
    sequence_number: sequence,
    api_name: apiName,
    name,
    column_count: 2,
    tab_traversal: 'left_to_right',
    isSubformSection: false,
    generated_type: generated,
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
      section(`${module.singular_label} Information`, 1, fields.filter((f) => !f.read_only && !moved.has(f.api_name))),
      ...custom.map((s, i) => section(s.display_label, 2 + i, s.fields.map((n) => byName.get(n)).filter((f): f is FieldDefinition => f !== undefined), s.api_name, 'custom')),
      section('System Information', 2 + custom.length, fields.filter((f) => f.read_only)),
    ],
  };
}
