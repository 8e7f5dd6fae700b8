import type { FieldSpec, ModuleSpec } from './zoho-schema.ts';

/** A module's (first) layout: its id and its sections by display label → field api names. */
export interface OrgLayout {
  id: string;
  name: string;
  sections: Map<string, string[]>;
}

/** What the org holds now: module api names, and each module's field api names. */
export interface OrgSchema {
  modules: Set<string>;
  fields: Map<string, Set<string>>;
  /** Layouts of the modules that want a section (absent: not read). */
  layouts?: Map<string, OrgLayout>;
  /** The edition, when it forbids layout changes (e.g. `free`); null: layouts may be changed. */
  layoutsLockedBy?: string | null;
}

export type ProvisioningStep =
  | { kind: 'create-module'; module: string; singular_label: string; plural_label: string }
  | { kind: 'create-fields'; module: string; fields: FieldSpec[] }
  | { kind: 'layout-section'; module: string; layoutId: string; layoutName: string; label: string; fields: string[] };

/**
 * The steps that bring the org to the migration's schema, in order (a module before its fields; a
 * lookup's target exists already since Contacts is standard). Empty = nothing to do. Pure: a second
 * plan after applying the first is empty, which is what makes provisioning idempotent.
 */
export function planProvisioning(desired: ModuleSpec[], org: OrgSchema): ProvisioningStep[] {
  const steps: ProvisioningStep[] = [];
  for (const spec of desired) {
    const exists = org.modules.has(spec.module);
    if (!exists && !spec.custom) throw new Error(`standard module ${spec.module} is missing from the org`);
    if (!exists && spec.custom) steps.push({ kind: 'create-module', module: spec.module, ...spec.custom });
    const have = exists ? (org.fields.get(spec.module) ?? new Set<string>()) : new Set<string>();
    const missing = spec.fields.filter((f) => !have.has(f.api_name));
    if (missing.length > 0) steps.push({ kind: 'create-fields', module: spec.module, fields: missing });
    const layout = org.layouts?.get(spec.module);
    if (spec.section && layout && !org.layoutsLockedBy) {
      const current = layout.sections.get(spec.section.label) ?? [];
      const same = current.length === spec.section.fields.length && current.every((f, i) => f === spec.section!.fields[i]);
      if (!same) steps.push({ kind: 'layout-section', module: spec.module, layoutId: layout.id, layoutName: layout.name, label: spec.section.label, fields: spec.section.fields });
    }
  }
  return steps;
}

/** What provisioning leaves out and why (not a change: a second run says the same). */
export function planNotes(desired: ModuleSpec[], org: OrgSchema): string[] {
  return desired.flatMap((spec) => {
    if (!spec.section) return [];
    if (org.layoutsLockedBy) return [`layout: the org's edition (${org.layoutsLockedBy}) does not allow layout changes: the "${spec.section.label}" section of ${spec.module} is not added (its fields stay in the default section)`];
    if (org.layouts && !org.layouts.has(spec.module) && org.modules.has(spec.module)) return [`layout: ${spec.module} has no layout to add the "${spec.section.label}" section to`];
    return [];
  });
}

/** One line per module/field to create, or "nothing to do". */
export function describePlan(steps: ProvisioningStep[]): string[] {
  if (steps.length === 0) return ['nothing to do: the org already has every module and field the migration writes'];
  return steps.flatMap((s) => {
    if (s.kind === 'create-module') return [`create custom module ${s.module} ("${s.plural_label}")`];
    if (s.kind === 'layout-section') return [`add section "${s.label}" to the ${s.module} layout "${s.layoutName}" with ${s.fields.join(', ')}`];
    return s.fields.map((f) => `create field ${s.module}.${f.api_name} (${f.data_type}${f.unique ? ', unique' : ''}${f.lookup ? ` → ${f.lookup.module.api_name}` : ''})`);
  });
}
