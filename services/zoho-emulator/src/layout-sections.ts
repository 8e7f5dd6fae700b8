// Custom sections of a module's Standard layout (PATCH /crm/v8/settings/layouts/{layout_id}?module=X).
// Zoho's layout update API is documented for v8; the exact request/response keys used here follow its
// layouts schema as far as the reference covers it (sections[].display_label, sections[].fields[].api_name|id);
// the rest, and which editions may change layouts, are UNCONFIRMED. The emulator refuses layout changes on
// the free edition (NOT_ALLOWED) so the writer's "edition does not allow it" path can be tested.
import type { Db } from './database.ts';

export interface LayoutSection {
  api_name: string;
  display_label: string;
  sequence_number: number;
  /** Field api names, in order. */
  fields: string[];
}

export class LayoutSectionStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  list(module: string): LayoutSection[] {
    const rows = this.#db.prepare('SELECT api_name, display_label, sequence_number, fields FROM layout_sections WHERE module = ? ORDER BY sequence_number, api_name').all(module) as Array<{
      api_name: string;
      display_label: string;
      sequence_number: number;
      fields: string;
    }>;
    return rows.map((r) => ({ ...r, fields: JSON.parse(r.fields) as string[] }));
  }

  /** A deleted field leaves every custom section (the section itself stays, possibly empty). */
  removeField(module: string, apiName: string): void {
    for (const section of this.list(module)) {
      const kept = section.fields.filter((f) => f !== apiName);
      if (kept.length !== section.fields.length) this.#db.prepare('UPDATE layout_sections SET fields = ? WHERE module = ? AND api_name = ?').run(JSON.stringify(kept), module, section.api_name);
    }
  }

  /** Adds or replaces a section; a field moved into it leaves every other custom section. */
  put(module: string, section: LayoutSection): void {
    this.#db.transaction(() => {
      for (const other of this.list(module)) {
        if (other.api_name === section.api_name) continue;
        const kept = other.fields.filter((f) => !section.fields.includes(f));
        if (kept.length !== other.fields.length) this.#db.prepare('UPDATE layout_sections SET fields = ? WHERE module = ? AND api_name = ?').run(JSON.stringify(kept), module, other.api_name);
      }
      this.#db
        .prepare('INSERT INTO layout_sections (module, api_name, display_label, sequence_number, fields) VALUES (?, ?, ?, ?, ?) ON CONFLICT (module, api_name) DO UPDATE SET display_label = excluded.display_label, sequence_number = excluded.sequence_number, fields = excluded.fields')
        .run(module, section.api_name, section.display_label, section.sequence_number, JSON.stringify(section.fields));
    })();
  }
}
