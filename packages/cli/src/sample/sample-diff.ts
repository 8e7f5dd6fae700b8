import type { SampleEntitySummary, SampleFieldDiff } from '@panda2zoho/events';

/**
 * The sample's field-level diff: for every record of the sample, every Zoho field the writer sent,
 * the source value (the canonical source fields the confirmed mapping puts there) against the value
 * Zoho holds now; and every mapped source field with a value that was never sent. Pure.
 *
 * Status of a field: `same` (source = Zoho), `changed` (Zoho holds what was sent, the pipeline
 * transformed the source value: E.164 phones, tidied names, lookups as ids), `derived` (no source
 * column: written by the pipeline itself), `differs` (Zoho holds something else than was sent),
 * `not-written` (a mapped source value the writer did not send), `missing` (the record is not in Zoho).
 * Matches = same + changed + derived; differences = differs + not-written + missing.
 */
export interface SampleRecordInput {
  /** Source entity (patient, perio_exam, …). */
  entity: string;
  /** `<location>:<entity>:<source key>` */
  recordKey: string;
  /** The source row's canonical fields (null: not read from the source topic). */
  source: Record<string, unknown> | null;
  /** The writer's last successful write of this record, or null if none. */
  written: { module: string; zohoId: string; sentFields: Record<string, unknown> } | null;
  /** Zoho's current record (null: not in Zoho; undefined: not read back, e.g. attachments). */
  zoho: Record<string, unknown> | null | undefined;
}

/** Where each source field lands, from the confirmed mapping: entity → source field → `Module.Field`. */
export type MappingTargets = Map<string, Map<string, string>>;

export interface SampleDiff {
  entities: SampleEntitySummary[];
  fields: SampleFieldDiff[];
  matches: number;
  differences: number;
}

/** A value as text for comparison: empty → null, a lookup → its id, a list → comma-joined, dates and numbers as written. */
export function valueText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value)) return `<${value.length} bytes>`;
  if (Array.isArray(value)) return value.length === 0 ? null : value.map((v) => valueText(v) ?? '').join(',');
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if ('id' in o) return valueText(o['id']);
    if ('data' in o && Buffer.isBuffer(o['data'])) return valueText(o['data']);
    return JSON.stringify(o);
  }
  const s = String(value).trim();
  return s === '' ? null : s;
}

/** The ledger's sentFields are JSON-encoded. */
export function sentValue(encoded: unknown): string | null {
  if (typeof encoded !== 'string') return valueText(encoded);
  try {
    return valueText(JSON.parse(encoded) as unknown);
  } catch {
    return valueText(encoded);
  }
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Zoho keeps date-times to the second and answers them in its own zone: the same instant is the same value. */
function sameInstant(a: string, b: string): boolean {
  if (!DATE_TIME.test(a) || !DATE_TIME.test(b)) return false;
  return Math.floor(Date.parse(a) / 1000) === Math.floor(Date.parse(b) / 1000);
}

const same = (a: string | null, b: string | null) => a === b || (a !== null && b !== null && (a.toLowerCase() === b.toLowerCase() || sameInstant(a, b)));

function emptySummary(entity: string): SampleEntitySummary {
  return { entity, expected: 0, written: 0, inZoho: 0, same: 0, changed: 0, derived: 0, differs: 0, notWritten: 0, missing: 0 };
}

const COUNTER: Record<string, keyof Omit<SampleEntitySummary, 'entity' | 'expected' | 'written' | 'inZoho'>> = {
  same: 'same', changed: 'changed', derived: 'derived', differs: 'differs', 'not-written': 'notWritten', missing: 'missing',
};

export function diffSample(records: SampleRecordInput[], targets: MappingTargets): SampleDiff {
  const summaries = new Map<string, SampleEntitySummary>();
  const fields: SampleFieldDiff[] = [];
  const add = (s: SampleEntitySummary, row: SampleFieldDiff) => {
    fields.push(row);
    s[COUNTER[row.status]!]++;
  };
  for (const r of records) {
    const s = summaries.get(r.entity) ?? emptySummary(r.entity);
    summaries.set(r.entity, s);
    s.expected++;
    const base = { entity: r.entity, recordKey: r.recordKey };
    if (!r.written) {
      add(s, { ...base, sourceField: null, zohoField: null, sourceValue: null, zohoValue: null, status: 'missing' });
      continue;
    }
    s.written++;
    const { module } = r.written;
    if (r.zoho === null) {
      add(s, { ...base, sourceField: null, zohoField: module, sourceValue: null, zohoValue: null, status: 'missing' });
      continue;
    }
    if (r.zoho !== undefined) s.inZoho++;
    // Zoho field → the source fields mapped onto it (a combined field has several).
    const bySource = targets.get(r.entity) ?? new Map<string, string>();
    const byZoho = new Map<string, string[]>();
    for (const [field, target] of bySource) byZoho.set(target, [...(byZoho.get(target) ?? []), field]);
    for (const [api, encoded] of Object.entries(r.written.sentFields).sort(([a], [b]) => a.localeCompare(b))) {
      const zohoField = `${module}.${api}`;
      const sourceFields = byZoho.get(zohoField) ?? [];
      const sourceValue = sourceFields.length === 0 ? null : valueText(sourceFields.map((f) => valueText(r.source?.[f])).filter((v) => v !== null).join(' '));
      const sent = sentValue(encoded);
      const zohoValue = r.zoho === undefined ? sent : valueText(r.zoho[api]);
      const status = !same(zohoValue, sent) ? 'differs' : sourceFields.length === 0 ? 'derived' : same(sourceValue, zohoValue) ? 'same' : 'changed';
      add(s, { ...base, sourceField: sourceFields.join('+') || null, zohoField, sourceValue, zohoValue, status });
    }
    for (const [field, target] of bySource) {
      const api = target.slice(target.indexOf('.') + 1);
      const value = valueText(r.source?.[field]);
      if (value === null || api in r.written.sentFields || !target.startsWith(`${module}.`)) continue;
      // Several source fields onto one Zoho field that was sent: covered above.
      add(s, { ...base, sourceField: field, zohoField: target, sourceValue: value, zohoValue: null, status: 'not-written' });
    }
  }
  const entities = [...summaries.values()].sort((a, b) => a.entity.localeCompare(b.entity));
  const matches = entities.reduce((n, e) => n + e.same + e.changed + e.derived, 0);
  const differences = entities.reduce((n, e) => n + e.differs + e.notWritten + e.missing, 0);
  return { entities, fields, matches, differences };
}
