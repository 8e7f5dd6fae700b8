import { createHmac } from 'node:crypto';
import { stableEventId, type RecordNormalized } from '@panda2zoho/events';
import { contentHash } from './canonical-json.ts';
import { compareNames, foldName } from './name-similarity.ts';
import { surviveFields } from './survivorship.ts';

export const REFERRER_ENTITIES = ['referring_practice', 'referring_dentist'] as const;
export type ReferrerEntity = (typeof REFERRER_ENTITIES)[number];

export interface ReferrerOutput {
  entity: ReferrerEntity;
  key: string;
  event: RecordNormalized;
}

type Fields = Record<string, unknown>;

/** Words that say what kind of organisation or degree, not which one: "Smith Dental Group, PLLC" = "Smith Dental Group". */
const ORG_NOISE = new Set(['dds', 'dmd', 'ms', 'pc', 'pa', 'pllc', 'llc', 'inc', 'ltd', 'co', 'the', 'and', 'of']);

export function practiceNameKey(name: unknown): string {
  if (typeof name !== 'string') return '';
  const words = name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/&/g, ' and ').split(/[^a-z0-9]+/);
  return words.filter((w) => w !== '' && !ORG_NOISE.has(w)).join(' ');
}

const str = (fields: Fields | null, name: string): string | null => {
  const v = fields?.[name];
  return typeof v === 'string' && v.trim() !== '' ? v.trim().toLowerCase() : null;
};
const sharesAny = (a: Fields | null, b: Fields | null, names: string[]): boolean => names.some((n) => str(a, n) !== null && str(a, n) === str(b, n));

/** Two practice records are one practice: the same name (without legal-form noise) and a shared phone, postal code or e-mail. */
export function samePractice(a: RecordNormalized, b: RecordNormalized): boolean {
  const name = practiceNameKey(a.fields?.['name']);
  return name !== '' && name === practiceNameKey(b.fields?.['name']) && sharesAny(a.fields, b.fields, ['phoneE164', 'postalCode', 'email']);
}

/** Two dentist records are one dentist: agreeing names (nicknames and typos allowed) and a shared e-mail, phone or golden practice. */
export function sameDentist(a: RecordNormalized, b: RecordNormalized, goldenPracticeOf: (dentist: RecordNormalized) => string | undefined): boolean {
  const last = compareNames(str(a.fields, 'lastName'), str(b.fields, 'lastName'));
  const first = compareNames(str(a.fields, 'firstName'), str(b.fields, 'firstName'));
  if (last !== 'exact' || first === 'different' || first === 'missing') return false;
  const practiceA = goldenPracticeOf(a);
  return sharesAny(a.fields, b.fields, ['email', 'phoneE164']) || (practiceA !== undefined && practiceA === goldenPracticeOf(b));
}

const compareRecords = (x: RecordNormalized, y: RecordNormalized): number => (x.recordKey < y.recordKey ? -1 : x.recordKey > y.recordKey ? 1 : 0);

/** Groups records by `same` (transitively), each group sorted by record key, groups by their first key. */
export function groupRecords(records: readonly RecordNormalized[], blockOf: (r: RecordNormalized) => string, same: (a: RecordNormalized, b: RecordNormalized) => boolean): RecordNormalized[][] {
  const sorted = [...records].sort(compareRecords);
  const parent = sorted.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const blocks = new Map<string, number[]>();
  sorted.forEach((r, i) => {
    const block = blockOf(r);
    if (block === '') return;
    const list = blocks.get(block) ?? [];
    for (const j of list) {
      if (!same(sorted[j]!, r)) continue;
      const [ri, rj] = [find(i), find(j)];
      if (ri !== rj) parent[Math.max(ri, rj)] = Math.min(ri, rj);
    }
    list.push(i);
    blocks.set(block, list);
  });
  const groups = new Map<number, RecordNormalized[]>();
  sorted.forEach((r, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), r]));
  return [...groups.entries()].sort(([a], [b]) => a - b).map(([, g]) => g);
}

export function goldenReferrerKey(entity: ReferrerEntity, anchorRecordKey: string, secret: string): string {
  return `golden:${entity}:${createHmac('sha256', secret).update(anchorRecordKey).digest('base64url').slice(0, 24)}`;
}

/**
 * Referring practices → one Account per real practice; referring dentists → one Contact per real
 * dentist, its practice parent rewritten to the golden practice. Referrers are few (hundreds), so every
 * settle recomputes all groups and emits only the golden records that changed.
 */
export class ReferrerResolution {
  private readonly current = { referring_practice: new Map<string, RecordNormalized>(), referring_dentist: new Map<string, RecordNormalized>() };
  private readonly emitted = new Map<string, { eventId: string; hash: string; deleted: boolean; last: RecordNormalized }>();

  constructor(private readonly ctx: { secret: string; locationPriority: readonly string[] }) {}

  apply(entity: ReferrerEntity, event: RecordNormalized): void {
    if (event.operation === 'DELETE' || event.fields === null) this.current[entity].delete(event.recordKey);
    else this.current[entity].set(event.recordKey, event);
  }

  restoreResolved(event: RecordNormalized): void {
    this.emitted.set(event.recordKey, { eventId: event.eventId, hash: hashOf(event), deleted: event.operation === 'DELETE', last: event });
  }

  settle(): ReferrerOutput[] {
    const practiceGroups = groupRecords([...this.current.referring_practice.values()], (r) => practiceNameKey(r.fields?.['name']), samePractice);
    const goldenPractice = new Map<string, string>();
    for (const group of practiceGroups) {
      const key = goldenReferrerKey('referring_practice', group[0]!.recordKey, this.ctx.secret);
      for (const r of group) goldenPractice.set(r.recordKey, key);
    }
    const practiceOf = (d: RecordNormalized) => {
      const parent = d.parents.find((p) => p.role === 'practice');
      return parent ? goldenPractice.get(parent.recordKey) : undefined;
    };
    const dentistGroups = groupRecords(
      [...this.current.referring_dentist.values()],
      (r) => foldName(typeof r.fields?.['lastName'] === 'string' ? r.fields['lastName'] : null),
      (a, b) => sameDentist(a, b, practiceOf),
    );
    const wanted = new Map<string, { entity: ReferrerEntity; content: RecordNormalized }>();
    for (const group of practiceGroups) this.want(wanted, 'referring_practice', group, () => []);
    for (const group of dentistGroups) {
      this.want(wanted, 'referring_dentist', group, (survivor) => {
        const parent = survivor.parents.find((p) => p.role === 'practice');
        const golden = parent ? goldenPractice.get(parent.recordKey) : undefined;
        // A practice not (yet) seen keeps its source key: the writer parks the dentist until it exists.
        return parent ? [{ role: 'practice', entity: 'referring_practice', recordKey: golden ?? parent.recordKey }] : [];
      });
    }
    const out: ReferrerOutput[] = [];
    for (const [key, { entity, content }] of [...wanted].sort(([a], [b]) => (a < b ? -1 : 1))) out.push(...this.emitIfChanged(entity, key, content));
    for (const [key, previous] of [...this.emitted].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (wanted.has(key) || previous.deleted) continue;
      const entity = previous.last.entity as ReferrerEntity;
      out.push(...this.emitIfChanged(entity, key, { ...previous.last, operation: 'DELETE', fields: null, parents: [], mergedFrom: [], issues: [], eventId: '' }));
    }
    return out;
  }

  private want(wanted: Map<string, { entity: ReferrerEntity; content: RecordNormalized }>, entity: ReferrerEntity, group: RecordNormalized[], parentsOf: (survivor: RecordNormalized) => RecordNormalized['parents']): void {
    const anchor = group[0]!;
    const key = goldenReferrerKey(entity, anchor.recordKey, this.ctx.secret);
    const candidates = group.map((r) => ({
      recordKey: r.recordKey,
      locationId: r.source.locationId,
      sourceKey: r.source.sourceKey,
      modifiedAt: typeof r.fields?.['sourceModifiedAt'] === 'string' ? r.fields['sourceModifiedAt'] : null,
      values: (r.fields ?? {}) as Fields,
    }));
    const names = [...new Set(group.flatMap((r) => Object.keys(r.fields ?? {})))].sort();
    const { values, survivors } = surviveFields(candidates, names, this.ctx.locationPriority);
    // The parent comes from the member that is most recent (as a field would).
    const newest = survivors.find((s) => s.field === 'sourceModifiedAt')?.recordKey ?? anchor.recordKey;
    const survivor = group.find((r) => r.recordKey === newest) ?? anchor;
    const fields = Object.fromEntries(names.map((n) => [n, (values[n] ?? null) as NonNullable<RecordNormalized['fields']>[string]]));
    wanted.set(key, {
      entity,
      content: {
        eventId: '', entity, recordKey: key, source: anchor.source, operation: 'UPSERT', mappingVersion: anchor.mappingVersion,
        parents: parentsOf(survivor), fields, mergedFrom: group.map((r) => r.recordKey), issues: group.flatMap((r) => r.issues),
      },
    });
  }

  private emitIfChanged(entity: ReferrerEntity, key: string, content: RecordNormalized): ReferrerOutput[] {
    const hash = hashOf(content);
    const previous = this.emitted.get(key);
    if (previous && previous.hash === hash) return [];
    const event = { ...content, eventId: stableEventId('record-resolved', key, previous?.eventId ?? '', hash) };
    this.emitted.set(key, { eventId: event.eventId, hash, deleted: event.operation === 'DELETE', last: event });
    return [{ entity, key, event }];
  }
}

function hashOf(event: RecordNormalized): string {
  const { eventId: _ignored, ...rest } = event;
  return contentHash(rest);
}
