import type { FieldSpec, ModuleSpec } from './zoho-schema.ts';

/** What the org holds now: module api names, and each module's field api names. */
export interface OrgSchema {
  modules: Set<string>;
  fields: Map<string, Set<string>>;
}

export type ProvisioningStep =
  | { kind: 'create-module'; module: string; singular_label: string; plural_label: string }
  | { kind: 'create-fields'; module: string; fields: FieldSpec[] };

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
  }
  return steps;
}

/** One line per module/field to create, or "nothing to do". */
export function describePlan(steps: ProvisioningStep[]): string[] {
  if (steps.length === 0) return ['nothing to do: the org already has every module and field the migration writes'];
  return steps.flatMap((s) =>
    s.kind === 'create-module'
      ? [`create custom module ${s.module} ("${s.plural_label}")`]
      : s.fields.map((f) => `create field ${s.module}.${f.api_name} (${f.data_type}${f.unique ? ', unique' : ''}${f.lookup ? ` → ${f.lookup.module.api_name}` : ''})`),
  );
}
