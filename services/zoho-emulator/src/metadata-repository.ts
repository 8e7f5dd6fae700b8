// Modules and field metadata in SQLite, with an in-memory cache because every write validates
// against the field list and metadata changes rarely (custom-field creation, reset).
import type { Db, IdGenerator } from './database.ts';
import type { FieldDefinition } from './field-definitions.ts';
import { STANDARD_MODULES } from './standard-modules.ts';

export interface ModuleDefinition {
  api_name: string;
  id: string;
  singular_label: string;
  plural_label: string;
  sequence_number: number;
  generated_type: 'default' | 'custom';
  /** System duplicate-check fields (upsert default matching order, before user-defined unique fields). */
  duplicate_check_fields: string[];
}

interface ModuleRow {
  api_name: string;
  id: string;
  singular_label: string;
  plural_label: string;
  sequence_number: number;
  generated_type: string;
  duplicate_check_fields: string;
}

export class MetadataRepository {
  readonly #db: Db;
  readonly #ids: IdGenerator;
  #modules: Map<string, ModuleDefinition> | null = null;
  readonly #fields = new Map<string, FieldDefinition[]>();

  constructor(db: Db, ids: IdGenerator) {
    this.#db = db;
    this.#ids = ids;
  }

  /**
   * Creates the standard modules a database does not have yet: all of them on a fresh database, and
   * modules added to the emulator later (Notes, Deals, Tasks …) on a file from an older run.
   */
  seedStandardModules(): void {
    const existing = new Map((this.#db.prepare('SELECT api_name, id FROM modules').all() as Array<{ api_name: string; id: string }>).map((r) => [r.api_name, r.id]));
    const missing = STANDARD_MODULES.filter((spec) => !existing.has(spec.api_name));
    if (missing.length === 0) return;
    const insertModule = this.#db.prepare(
      'INSERT INTO modules (api_name, id, singular_label, plural_label, sequence_number, generated_type, duplicate_check_fields) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const seed = this.#db.transaction(() => {
      const moduleIds = new Map(existing);
      for (const spec of missing) {
        const id = this.#ids.next();
        moduleIds.set(spec.api_name, id);
        insertModule.run(spec.api_name, id, spec.singular_label, spec.plural_label, spec.sequence_number, 'default', JSON.stringify(spec.duplicate_check_fields));
      }
      for (const spec of missing) {
        spec.fields.forEach((fieldSpec, position) => {
          const { lookupModule, pick_list_values, decimal_place, ...rest } = fieldSpec;
          const targetId = lookupModule ? moduleIds.get(lookupModule) : undefined;
          const definition: FieldDefinition = {
            ...rest,
            id: this.#ids.next(),
            pick_list_values: pick_list_values ?? [],
            decimal_place: decimal_place ?? null,
            lookup: lookupModule && targetId ? { module: { api_name: lookupModule, id: targetId } } : null,
          };
          this.#insertField(spec.api_name, definition, position);
        });
      }
    });
    seed();
    this.invalidate();
  }

  invalidate(): void {
    this.#modules = null;
    this.#fields.clear();
  }

  listModules(): ModuleDefinition[] {
    return [...this.#moduleMap().values()].sort((a, b) => a.sequence_number - b.sequence_number);
  }

  /** Module names are matched exactly: whether Zoho tolerates other casing is UNCONFIRMED, so be strict. */
  getModule(apiName: string): ModuleDefinition | undefined {
    return this.#moduleMap().get(apiName);
  }

  listFields(module: string): FieldDefinition[] {
    const cached = this.#fields.get(module);
    if (cached) return cached;
    const rows = this.#db
      .prepare('SELECT definition FROM fields WHERE module = ? ORDER BY position')
      .all(module) as Array<{ definition: string }>;
    const fields = rows.map((r) => JSON.parse(r.definition) as FieldDefinition);
    this.#fields.set(module, fields);
    return fields;
  }

  getField(module: string, apiName: string): FieldDefinition | undefined {
    return this.listFields(module).find((f) => f.api_name === apiName);
  }

  addField(module: string, definition: Omit<FieldDefinition, 'id'>): FieldDefinition {
    const full: FieldDefinition = { ...definition, id: this.#ids.next() };
    const max = this.#db.prepare('SELECT COALESCE(MAX(position), -1) AS p FROM fields WHERE module = ?').get(module) as { p: number };
    this.#insertField(module, full, max.p + 1);
    this.#fields.delete(module);
    return full;
  }

  /** Removes a field (DELETE /settings/fields/{id}); false when the module has no field with that id. */
  removeField(module: string, id: string): boolean {
    const removed = this.#db.prepare('DELETE FROM fields WHERE module = ? AND id = ?').run(module, id).changes > 0;
    this.#fields.delete(module);
    return removed;
  }

  /** A custom module (POST /settings/modules) with its initial fields, after all existing modules. */
  addModule(module: Omit<ModuleDefinition, 'id' | 'sequence_number' | 'generated_type'>, fields: Array<Omit<FieldDefinition, 'id'>>): ModuleDefinition {
    const max = this.#db.prepare('SELECT COALESCE(MAX(sequence_number), 0) AS s FROM modules').get() as { s: number };
    const full: ModuleDefinition = { ...module, id: this.#ids.next(), sequence_number: max.s + 1, generated_type: 'custom' };
    this.#db.transaction(() => {
      this.#db
        .prepare('INSERT INTO modules (api_name, id, singular_label, plural_label, sequence_number, generated_type, duplicate_check_fields) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(full.api_name, full.id, full.singular_label, full.plural_label, full.sequence_number, 'custom', JSON.stringify(full.duplicate_check_fields));
      fields.forEach((f, position) => this.#insertField(full.api_name, { ...f, id: this.#ids.next() }, position));
    })();
    this.invalidate();
    return full;
  }

  #insertField(module: string, definition: FieldDefinition, position: number): void {
    this.#db
      .prepare('INSERT INTO fields (id, module, api_name, position, definition) VALUES (?, ?, ?, ?, ?)')
      .run(definition.id, module, definition.api_name, position, JSON.stringify(definition));
  }

  #moduleMap(): Map<string, ModuleDefinition> {
    if (this.#modules) return this.#modules;
    const rows = this.#db.prepare('SELECT * FROM modules').all() as ModuleRow[];
    this.#modules = new Map(
      rows.map((r) => [
        r.api_name,
        {
          api_name: r.api_name,
          id: r.id,
          singular_label: r.singular_label,
          plural_label: r.plural_label,
          sequence_number: r.sequence_number,
          generated_type: r.generated_type === 'custom' ? 'custom' : 'default',
          duplicate_check_fields: JSON.parse(r.duplicate_check_fields) as string[],
        },
      ]),
    );
    return this.#modules;
  }
}
