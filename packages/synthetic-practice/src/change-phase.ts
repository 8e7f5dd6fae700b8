import type { EntityName, TableDefinition } from '@panda2zoho/panda-model';
import { ID_BLOCK } from './exam-plan.ts';
import { patientRow } from './generate-patient.ts';
import { providerRows, staffPlan, type StaffPlan } from './generate-staff.ts';
import { patientRows } from './patient-rows.ts';
import { FAMILY_NAMES, PLACES, STREETS } from './person-catalogue.ts';
import { locationDatabase, wallClock, type PracticeRow, type ResolvedSpec, type StoredRow } from './practice-spec.ts';
import { between, pick, seededRandom, subSeed, weighted } from './random.ts';
import { SALT } from './salts.ts';
import { formatPhone } from './text-dirt.ts';

type Op = 'c' | 'u' | 'd';

/** Primary-key fields of a table, for the row's source key. */
export function keyFields(table: TableDefinition): string[] {
  return table.primaryKey.map((column) => table.columns.find((c) => c.column === column)!.field);
}

export function sourceKeyOf(table: TableDefinition, row: StoredRow): string {
  return keyFields(table).map((f) => String(row[f])).join('|');
}

const UPDATABLE: ReadonlyArray<[EntityName, number]> = [['patient', 50], ['clinical_flag', 15], ['treatment_plan', 15], ['treatment_procedure', 10], ['provider', 5], ['perio_exam', 5]];
const INSERTABLE: ReadonlyArray<[EntityName, number]> = [['patient', 50], ['clinical_flag', 25], ['clinical_note', 25]];
const LEAVES: readonly EntityName[] = ['clinical_note', 'clinical_flag', 'treatment_procedure'];

/**
 * After the snapshot, what the practice keeps doing during the delta window: updates (with before
 * images), inserts and deletes, interleaved across locations, in source order. Before images come from
 * regenerating the touched patient (ids live in per-patient blocks), plus what earlier changes did, so
 * memory grows with the number of changes only. Deletes never orphan a child: they remove leaf rows,
 * or patients registered during the change phase (who have no children yet).
 */
export function* changePhase(spec: ResolvedSpec): Generator<PracticeRow> {
  const { updates, inserts, deletes } = spec.changes;
  const total = updates + inserts + deletes;
  if (total === 0) return;
  const random = seededRandom(subSeed(spec.seed, SALT.changes));
  const enabled = (e: EntityName) => spec.entities.has(e) && spec.byEntity.has(e);
  const patientHasChildren = [...spec.entities].some((e) => spec.byEntity.get(e)?.references?.some((r) => r.entity === 'patient'));
  const current = new Map<string, StoredRow | null>();
  const registered: Array<{ loc: number; row: StoredRow }> = [];
  const staffs = new Map<number, StaffPlan>();
  const staffOf = (loc: number) => staffs.get(loc) ?? staffs.set(loc, staffPlan(spec, loc)).get(loc)!;
  const counters = new Map<string, number>();
  const nextId = (loc: number, what: string, base: number) => {
    const n = (counters.get(`${loc}|${what}`) ?? 0) + 1;
    counters.set(`${loc}|${what}`, n);
    return base + n;
  };
  const stateKey = (loc: number, table: TableDefinition, row: StoredRow) => `${loc}|${table.entity}|${sourceKeyOf(table, row)}`;

  /** A live row of the entity at a random patient, as it stands after earlier changes. */
  const existing = (loc: number, entity: EntityName): StoredRow | null => {
    const table = spec.byEntity.get(entity)!;
    for (let attempt = 0; attempt < 20; attempt++) {
      const index = between(random, 1, spec.patients);
      const rows = entity === 'provider' ? [...providerRows(spec, loc, staffOf(loc))] : [...patientRows(spec, loc, index, staffOf(loc), new Set([entity]))].map((r) => r.row);
      const candidates = rows.filter((r) => current.get(stateKey(loc, table, r)) !== null);
      if (candidates.length === 0) continue;
      const row = pick(random, candidates);
      return current.get(stateKey(loc, table, row)) ?? row;
    }
    return null;
  };

  const ops: Op[] = [...Array<Op>(updates).fill('u'), ...Array<Op>(inserts).fill('c'), ...Array<Op>(deletes).fill('d')];
  for (let i = ops.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [ops[i], ops[j]] = [ops[j]!, ops[i]!];
  }
  for (let i = 0; i < ops.length; i++) {
    const loc = between(random, 0, spec.locations - 1);
    const at = wallClock(spec.asOfMs + 9 * 3_600_000 + (i + 1) * 47_000 + between(random, 0, 999));
    const change = makeChange(ops[i]!, loc, at);
    if (!change) continue;
    const { table, before, after, op } = change;
    current.set(stateKey(loc, table, (after ?? before)!), after);
    yield { database: locationDatabase(loc), table, op, before, after };
  }

  function makeChange(op: Op, loc: number, at: string): { op: Op; table: TableDefinition; before: StoredRow | null; after: StoredRow | null } | null {
    if (op === 'u') {
      const choices = UPDATABLE.filter(([e]) => enabled(e));
      if (choices.length === 0) return null;
      const entity = choices[weighted(random, choices.map(([, w]) => w))]![0];
      const before = existing(loc, entity);
      if (!before) return null;
      return { op, table: spec.byEntity.get(entity)!, before, after: updated(entity, before, at) };
    }
    if (op === 'c') {
      const choices = INSERTABLE.filter(([e]) => enabled(e));
      if (choices.length === 0) return null;
      const entity = choices[weighted(random, choices.map(([, w]) => w))]![0];
      return { op, table: spec.byEntity.get(entity)!, before: null, after: inserted(entity, loc, at) };
    }
    const live = registered.filter((r) => current.get(stateKey(r.loc, spec.byEntity.get('patient')!, r.row)) !== null && r.loc === loc);
    if (enabled('patient') && live.length > 0 && random() < 0.5) return { op, table: spec.byEntity.get('patient')!, before: pick(random, live).row, after: null };
    const leaves = LEAVES.filter(enabled);
    const entity: EntityName | undefined = leaves.length > 0 ? pick(random, leaves) : enabled('patient') && !patientHasChildren ? 'patient' : undefined;
    if (!entity) return null;
    const before = existing(loc, entity);
    return before ? { op, table: spec.byEntity.get(entity)!, before, after: null } : null;
  }

  function updated(entity: EntityName, before: StoredRow, at: string): StoredRow {
    const after: StoredRow = { ...before };
    if ('modifiedAt' in before) after['modifiedAt'] = at;
    switch (entity) {
      case 'patient': {
        const what = between(random, 0, 4);
        const place = pick(random, PLACES);
        if (what === 0) after['mobilePhone'] = formatPhone(random, place.area, spec.dirt.has('free-form-phones'));
        else if (what === 1) after['email'] = `${String(before['firstName'] ?? 'pt').trim().toLowerCase().replace(/[^a-z]/g, '')}.${between(random, 100, 999)}@example.org`;
        else if (what === 2) Object.assign(after, { addressLine1: `${between(random, 1, 9999)} ${pick(random, STREETS)}`, city: place.city, state: place.state, postalCode: `${place.zip3}${between(random, 10, 99)}` });
        else if (what === 3) after['lastName'] = pick(random, FAMILY_NAMES.filter((n) => n !== before['lastName']));
        else after['status'] = before['status'] === 'Active' ? 'Inactive' : 'Active';
        break;
      }
      case 'clinical_flag':
        after['status'] = before['status'] === 'Done' ? 'Open' : 'Done';
        break;
      case 'treatment_plan':
        after['status'] = before['status'] === 'Completed' ? 'Accepted' : 'Completed';
        break;
      case 'treatment_procedure':
        after['status'] = before['status'] === 'Completed' ? 'Scheduled' : 'Completed';
        break;
      case 'provider':
        after['active'] = !before['active'];
        break;
      case 'perio_exam':
        after['diagnosis'] = `${String(before['diagnosis'] ?? 'Periodontitis')} (revised ${at.slice(0, 10)})`.slice(0, 200);
        break;
      default:
        break;
    }
    return after;
  }

  function inserted(entity: EntityName, loc: number, at: string): StoredRow {
    const index = between(random, 1, spec.patients);
    if (entity === 'patient') {
      const id = nextId(loc, 'patient', spec.patients);
      const row = { ...patientRow(spec, loc, id, staffOf(loc)).row, createdAt: at, modifiedAt: at };
      registered.push({ loc, row });
      return row;
    }
    if (entity === 'clinical_flag') {
      return { flagId: nextId(loc, 'flag', spec.patients * ID_BLOCK.flags), patientId: index, flagType: 'Follow-up', flagText: 'Call pt re: re-evaluation results', dueDate: at.slice(0, 10), status: 'Open', createdAt: at, modifiedAt: at };
    }
    return {
      noteId: nextId(loc, 'note', spec.patients * ID_BLOCK.notes),
      patientId: index,
      providerId: between(random, 1, staffOf(loc).providers),
      noteDate: at,
      noteType: 'Phone',
      subjective: null,
      objective: null,
      assessment: null,
      plan: null,
      bodyRichText: 'Pt called to reschedule; new appointment booked.',
    };
  }
}

/** What the change phase leaves behind, per `<database>|<entity>|<sourceKey>`: the final row, or null if deleted. */
export interface ChangeOutcome {
  final: Map<string, StoredRow | null>;
  /** Entities with at least one change: other tables' rows skip the lookup. */
  touched: Set<EntityName>;
}

export function changeOutcome(spec: ResolvedSpec): ChangeOutcome {
  const final = new Map<string, StoredRow | null>();
  const touched = new Set<EntityName>();
  for (const change of changePhase(spec)) {
    const image = (change.after ?? change.before)!;
    final.set(`${change.database}|${change.table.entity}|${sourceKeyOf(change.table, image)}`, change.after);
    touched.add(change.table.entity);
  }
  return { final, touched };
}

/** A snapshot row as it stands after the change phase: itself, its updated version, or null if deleted. */
export function finalState(outcome: ChangeOutcome, row: PracticeRow): StoredRow | null {
  const image = (row.after ?? row.before)!;
  if (!outcome.touched.has(row.table.entity)) return image;
  const key = `${row.database}|${row.table.entity}|${sourceKeyOf(row.table, image)}`;
  return outcome.final.has(key) ? outcome.final.get(key)! : image;
}
