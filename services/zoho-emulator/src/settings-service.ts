// Metadata APIs: modules, fields (read and create custom fields) — reference §4.
import { buildCustomField, MAX_FIELDS_PER_CREATE } from './custom-field-request.ts';
import { customModuleFields, parseCustomModule } from './custom-module-request.ts';
import { layoutId, renderDefaultLayout } from './layout-renderer.ts';
import type { LayoutSectionStore } from './layout-sections.ts';
import type { Edition } from './options.ts';
import { toFieldMetadata, type FieldDefinition } from './field-definitions.ts';
import type { MetadataRepository, ModuleDefinition } from './metadata-repository.ts';
import type { RecordWriteService } from './record-write-service.ts';
import { errors, zohoError, ZohoApiError } from './zoho-errors.ts';

export interface SettingsOutcome {
  httpStatus: number;
  body: unknown;
}

function renderModule(module: ModuleDefinition): Record<string, unknown> {
  return {
    id: module.id,
    api_name: module.api_name,
    module_name: module.api_name,
    singular_label: module.singular_label,
    plural_label: module.plural_label,
    actual_singular_label: module.singular_label,
    actual_plural_label: module.plural_label,
    sequence_number: module.sequence_number,
    generated_type: module.generated_type,
    api_supported: true,
    creatable: true,
    editable: true,
    deletable: true,
    viewable: true,
    convertable: module.api_name === 'Leads',
    global_search_supported: true,
    recycle_bin_on_delete: true,
    show_as_tab: true,
    status: 'visible',
    visibility: 1,
    access_type: 'org_based',
    modified_time: null,
    modified_by: null,
    parent_module: {},
    profiles: [{ name: 'Administrator', id: '5725767000000000497' }],
  };
}

export class SettingsService {
  readonly #metadata: MetadataRepository;
  readonly #writes: RecordWriteService;
  readonly #sections: LayoutSectionStore | null;
  readonly #edition: Edition;

  constructor(deps: { metadata: MetadataRepository; writes: RecordWriteService; sections?: LayoutSectionStore; edition?: Edition }) {
    this.#metadata = deps.metadata;
    this.#writes = deps.writes;
    this.#sections = deps.sections ?? null;
    this.#edition = deps.edition ?? 'enterprise';
  }

  listModules(): SettingsOutcome {
    return { httpStatus: 200, body: { modules: this.#metadata.listModules().map(renderModule) } };
  }

  getModule(apiName: string): SettingsOutcome {
    return { httpStatus: 200, body: { modules: [renderModule(this.#module(apiName))] } };
  }

  listLayouts(moduleParam: string | undefined): SettingsOutcome {
    const module = this.#moduleParam(moduleParam);
    return { httpStatus: 200, body: { layouts: [renderDefaultLayout(module, this.#metadata.listFields(module.api_name), this.#sections?.list(module.api_name) ?? [])] } };
  }

  /**
   * PATCH /settings/layouts/{id}?module=X `{"layouts":[{"sections":[{"display_label","sequence_number"?,"fields":[{"api_name"|"id"}]}]}]}`:
   * adds or replaces custom sections (matched by display label) of the Standard layout. Refused on the
   * free edition (emulator assumption, UNCONFIRMED).
   */
  updateLayout(moduleParam: string | undefined, id: string, body: unknown): SettingsOutcome {
    const module = this.#moduleParam(moduleParam);
    if (id !== layoutId(module)) throw new ZohoApiError(400, zohoError('INVALID_DATA', 'the layout id given seems to be invalid', { resource_path_index: 1 }));
    if (this.#edition === 'free' || !this.#sections) {
      throw new ZohoApiError(403, zohoError('NOT_ALLOWED', 'layout customization is not available in this edition', { edition: this.#edition }));
    }
    const layouts = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['layouts'] : undefined;
    const layout = Array.isArray(layouts) && layouts.length === 1 && typeof layouts[0] === 'object' && layouts[0] !== null ? (layouts[0] as Record<string, unknown>) : null;
    const sections = layout?.['sections'];
    if (!Array.isArray(sections) || sections.length === 0) {
      throw new ZohoApiError(400, zohoError('INVALID_DATA', 'invalid data', { api_name: 'sections', expected_data_type: 'jsonarray', json_path: '$.layouts[0].sections' }));
    }
    const fields = this.#metadata.listFields(module.api_name);
    const existing = this.#sections.list(module.api_name);
    const parsed = sections.map((raw, si) => {
      const s = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
      const label = typeof s['display_label'] === 'string' ? s['display_label'].trim() : '';
      if (label === '' || label.length > 50) throw new ZohoApiError(400, zohoError('INVALID_DATA', 'invalid data', { api_name: 'display_label', json_path: `$.layouts[0].sections[${si}].display_label` }));
      const members = Array.isArray(s['fields']) ? s['fields'] : [];
      const names = members.map((m, fi) => {
        const ref = typeof m === 'object' && m !== null ? (m as Record<string, unknown>) : {};
        const field = fields.find((f) => (typeof ref['id'] === 'string' && f.id === ref['id']) || (typeof ref['api_name'] === 'string' && f.api_name === ref['api_name']));
        if (!field || field.read_only) throw new ZohoApiError(400, zohoError('INVALID_DATA', 'the field given seems to be invalid', { api_name: 'fields', json_path: `$.layouts[0].sections[${si}].fields[${fi}]` }));
        return field.api_name;
      });
      const apiName = label.replace(/[^A-Za-z0-9]+/g, '_');
      const known = existing.find((e) => e.api_name === apiName);
      const sequence = typeof s['sequence_number'] === 'number' ? s['sequence_number'] : (known?.sequence_number ?? existing.length + 2);
      return { api_name: apiName, display_label: label, sequence_number: sequence, fields: names };
    });
    for (const section of parsed) this.#sections.put(module.api_name, section);
    return { httpStatus: 200, body: { layouts: [{ code: 'SUCCESS', details: { id }, message: 'layout updated successfully', status: 'success' }] } };
  }

  /** POST /settings/modules (500 credits, charged by the API gate). */
  createModules(body: unknown): SettingsOutcome {
    const items = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['modules'] : undefined;
    if (items === undefined) {
      throw new ZohoApiError(400, zohoError('MANDATORY_NOT_FOUND', 'mandatory key not found', { api_name: 'modules', json_path: '$.modules' }));
    }
    if (!Array.isArray(items) || items.length === 0) {
      throw new ZohoApiError(400, zohoError('INVALID_DATA', 'invalid data', { api_name: 'modules', expected_data_type: 'jsonarray', json_path: '$.modules' }));
    }
    const results = items.map((item, index) => {
      const parsed = parseCustomModule(item, index, (name) => this.#metadata.listModules().some((m) => m.api_name.toLowerCase() === name.toLowerCase()));
      if (!parsed.ok) return parsed.error;
      const created = this.#metadata.addModule({ ...parsed.draft, duplicate_check_fields: ['Name'] }, customModuleFields(parsed.draft.singular_label));
      // Success message wording is UNCONFIRMED.
      return { code: 'SUCCESS', details: { id: created.id }, message: 'module created successfully', status: 'success' };
    });
    const succeeded = results.filter((r) => r.status === 'success').length;
    const httpStatus = succeeded === results.length ? 201 : succeeded === 0 ? 400 : 207;
    return { httpStatus, body: { modules: results } };
  }

  listFields(moduleParam: string | undefined): SettingsOutcome {
    const module = this.#moduleParam(moduleParam);
    return { httpStatus: 200, body: { fields: this.#metadata.listFields(module.api_name).map(toFieldMetadata) } };
  }

  getField(moduleParam: string | undefined, fieldId: string): SettingsOutcome {
    const module = this.#moduleParam(moduleParam);
    const field = this.#metadata.listFields(module.api_name).find((f) => f.id === fieldId);
    if (!field) throw new ZohoApiError(400, zohoError('INVALID_DATA', 'the field id given seems to be invalid', { resource_path_index: 0 }));
    return { httpStatus: 200, body: { fields: [toFieldMetadata(field)] } };
  }

  /**
   * DELETE /settings/fields/{id}?module=X (reference §4: the route exists in Zoho's OAS; the response
   * and error shapes here are emulator assumptions, UNCONFIRMED). Only custom fields: a standard field
   * is 400 NOT_ALLOWED; an unknown (or already deleted) id is 400 INVALID_DATA like GET. The field's
   * values leave every record and the field leaves the layout's custom sections.
   */
  deleteField(moduleParam: string | undefined, fieldId: string): SettingsOutcome {
    const module = this.#moduleParam(moduleParam);
    const field = this.#metadata.listFields(module.api_name).find((f) => f.id === fieldId);
    if (!field) throw new ZohoApiError(400, zohoError('INVALID_DATA', 'the field id given seems to be invalid', { resource_path_index: 0 }));
    if (!field.custom_field) throw new ZohoApiError(400, zohoError('NOT_ALLOWED', 'standard fields cannot be deleted', { api_name: field.api_name, id: field.id }));
    this.#metadata.removeField(module.api_name, field.id);
    this.#sections?.removeField(module.api_name, field.api_name);
    this.#writes.dropFieldValues(module.api_name, field.api_name);
    return { httpStatus: 200, body: { fields: [{ code: 'SUCCESS', details: { id: field.id }, message: 'field deleted', status: 'success' }] } };
  }

  createFields(moduleParam: string | undefined, body: unknown): SettingsOutcome {
    const module = this.#moduleParam(moduleParam);
    const items = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['fields'] : undefined;
    if (items === undefined) {
      throw new ZohoApiError(400, zohoError('MANDATORY_NOT_FOUND', 'mandatory key not found', { api_name: 'fields', json_path: '$.fields' }));
    }
    if (!Array.isArray(items) || items.length === 0) {
      throw new ZohoApiError(400, zohoError('INVALID_DATA', 'invalid data', { api_name: 'fields', expected_data_type: 'jsonarray', json_path: '$.fields' }));
    }
    if (items.length > MAX_FIELDS_PER_CREATE) {
      throw new ZohoApiError(400, zohoError('LIMIT_EXCEEDED', 'limit exceeded', { api_name: 'fields', limit: MAX_FIELDS_PER_CREATE, json_path: '$.fields' }));
    }

    let addedUnique = false;
    const results = items.map((item, index) => {
      const existing: FieldDefinition[] = this.#metadata.listFields(module.api_name);
      const built = buildCustomField(item, {
        index,
        existing,
        lookupModuleId: (name) => this.#metadata.getModule(name)?.id,
      });
      if (!built.ok) return built.error;
      const created = this.#metadata.addField(module.api_name, built.definition);
      if (created.unique) addedUnique = true;
      return { code: 'SUCCESS', details: { id: created.id }, message: 'field created', status: 'success' };
    });
    // Existing records must become visible to duplicate checks on the new unique field.
    if (addedUnique) this.#writes.reindexModule(module.api_name);

    const succeeded = results.filter((r) => r.status === 'success').length;
    const httpStatus = succeeded === results.length ? 201 : succeeded === 0 ? 400 : 207;
    return { httpStatus, body: { fields: results } };
  }

  #module(apiName: string): ModuleDefinition {
    const module = this.#metadata.getModule(apiName);
    if (!module) throw new ZohoApiError(400, errors.invalidModule());
    return module;
  }

  #moduleParam(value: string | undefined): ModuleDefinition {
    if (value === undefined || value === '') throw new ZohoApiError(400, errors.requiredParamMissing('module'));
    return this.#module(value);
  }
}
