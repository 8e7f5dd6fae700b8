import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { ENTITIES, REFERENCE_TABLES, type SqlType } from '@panda2zoho/panda-model';
import { sourceKeyOf } from './change-phase.ts';
import { generatePractice, practiceTruth } from './generate-practice.ts';
import type { PracticeRow, PracticeSpec, StoredRow } from './practice-spec.ts';
import { quadrantOf, toothLabel, type ToothNumbering } from './tooth-numbering.ts';

const SPEC: PracticeSpec = { locations: 3, patients: 40, seed: 11, changes: { updates: 60, inserts: 25, deletes: 15 } };
const rows = [...generatePractice(SPEC)];

function digest(spec: PracticeSpec): string {
  const hash = createHash('sha256');
  for (const r of generatePractice(spec)) hash.update(JSON.stringify([r.database, r.table.table, r.op, r.before, r.after]));
  return hash.digest('hex');
}

test('the same seed gives the same practice, change phase included; another seed another', () => {
  assert.equal(digest(SPEC), digest({ ...SPEC }));
  assert.notEqual(digest(SPEC), digest({ ...SPEC, seed: SPEC.seed + 1 }));
});

test('generating only some tables leaves every table’s values unchanged', () => {
  const small: PracticeSpec = { locations: 2, patients: 8, seed: 11 };
  const full = [...generatePractice(small)];
  for (const entity of ENTITIES) {
    const alone = [...generatePractice({ ...small, entities: [entity] })];
    assert.deepEqual(alone.map((r) => r.after), full.filter((r) => r.table.entity === entity).map((r) => r.after), entity);
  }
});

test('every table of the reference model is generated, with every column of its definition', () => {
  assert.deepEqual([...new Set(rows.map((r) => r.table.entity))].sort(), [...ENTITIES].sort());
  for (const r of rows) {
    const image = (r.after ?? r.before)!;
    for (const c of r.table.columns) assert.ok(c.field in image, `${r.table.table}.${c.column} missing`);
  }
});

function checkType(type: SqlType, value: unknown): boolean {
  switch (type.kind) {
    case 'int':
      return Number.isInteger(value) && Math.abs(value as number) < 2 ** 31;
    case 'tinyint':
      return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 255;
    case 'smallint':
      return Number.isInteger(value) && Math.abs(value as number) < 2 ** 15;
    case 'bit':
      return typeof value === 'boolean';
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
    case 'datetime':
      // datetime stores 1/300 s: generated stamps are whole seconds, exact in every input.
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000$/.test(value);
    case 'datetime2':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$/.test(value) && !Number.isNaN(Date.parse(`${value}Z`));
    case 'decimal':
      return typeof value === 'string' && new RegExp(`^-?\\d{1,${type.precision - type.scale}}\\.\\d{${type.scale}}$`).test(value);
    case 'varbinary':
      return Buffer.isBuffer(value);
    case 'nvarchar':
    case 'varchar':
      // Never '': every input reads an empty text as NULL, so the generator stores NULL instead.
      return typeof value === 'string' && value !== '' && (type.length === 'max' || value.length <= type.length);
    default:
      return false;
  }
}

test('every stored value fits its column: type, range, length, NOT NULL', () => {
  for (const r of rows) {
    for (const image of [r.before, r.after]) {
      if (!image) continue;
      for (const c of r.table.columns) {
        const value = image[c.field] ?? null;
        if (value === null) assert.ok(c.nullable, `${r.table.table}.${c.column} is NOT NULL`);
        else assert.ok(checkType(c.type, value), `${r.table.table}.${c.column} does not fit ${c.type.kind}`);
      }
    }
  }
});

test('source order: every reference points at a live row when written, and none dangles after the change phase', () => {
  const live = new Map<string, Map<string, PracticeRow>>(REFERENCE_TABLES.map((t) => [t.entity, new Map()]));
  const dangling = (r: PracticeRow) =>
    (r.table.references ?? []).filter((ref) => {
      const value = r.after![ref.field];
      return value !== null && value !== undefined && !live.get(ref.entity)!.has(`${r.database}|${String(value)}`);
    });
  for (const r of rows) {
    const own = `${r.database}|${sourceKeyOf(r.table, (r.after ?? r.before)!)}`;
    if (r.op === 'u' || r.op === 'd') {
      // A before-image is the row as it stands: generated earlier, and changed only by earlier changes.
      assert.deepEqual(r.before, live.get(r.table.entity)!.get(own)?.after, `${r.op} of ${r.table.table} ${own}: before-image is not the live row`);
    }
    if (r.op === 'd') {
      live.get(r.table.entity)!.delete(own);
      continue;
    }
    assert.deepEqual(dangling(r), [], `${r.table.table} ${own} written before its parent`);
    live.get(r.table.entity)!.set(own, r);
  }
  for (const rowsOfTable of live.values()) for (const r of rowsOfTable.values()) assert.deepEqual(dangling(r), [], `${r.table.table} orphaned by a delete`);
});

function universalOf(label: string, numbering: ToothNumbering): number {
  for (let t = 1; t <= 32; t++) if (toothLabel(t, numbering) === label) return t;
  throw new Error('unknown tooth label');
}

test('perio charts: 28–32 teeth with 6 sites each, depths mostly 1–4 mm with a diseased tail, BOP 10–40 % on average', () => {
  const snapshot = rows.filter((r) => r.op === 'r');
  const numbering = new Map<string, ToothNumbering>();
  for (const r of snapshot) if (r.table.entity === 'perio_exam') numbering.set(`${r.database}|${String(r.after!['examId'])}`, r.after!['toothNumbering'] as ToothNumbering);
  const perExam = new Map<string, { sites: Map<string, number>; bleeding: number; total: number }>();
  const depths: number[] = [];
  const positive = new Set(['Y', '1', '+', 'true']);
  for (const r of snapshot.filter((x) => x.table.entity === 'perio_site')) {
    const exam = `${r.database}|${String(r.after!['examId'])}`;
    const e = perExam.get(exam) ?? { sites: new Map(), bleeding: 0, total: 0 };
    e.sites.set(r.after!['tooth'] as string, (e.sites.get(r.after!['tooth'] as string) ?? 0) + 1);
    e.total++;
    if (positive.has(r.after!['bleeding'] as string)) e.bleeding++;
    depths.push(r.after!['probingDepthMm'] as number);
    perExam.set(exam, e);
  }
  assert.equal(perExam.size, numbering.size, 'every exam has site measurements');
  const bop: number[] = [];
  for (const e of perExam.values()) {
    assert.ok(e.sites.size >= 28 && e.sites.size <= 32, `${e.sites.size} teeth present`);
    for (const n of e.sites.values()) assert.equal(n, 6, 'six sites per tooth');
    bop.push((100 * e.bleeding) / e.total);
  }
  const meanBop = bop.reduce((a, b) => a + b, 0) / bop.length;
  assert.ok(meanBop >= 10 && meanBop <= 40, `mean BOP ${meanBop.toFixed(1)} %`);
  assert.ok(bop.filter((b) => b < 5 || b > 55).length / bop.length < 0.05, 'per-exam BOP stays plausible');
  const shallow = depths.filter((d) => d >= 1 && d <= 4).length / depths.length;
  assert.ok(shallow > 0.8, `${(100 * shallow).toFixed(1)} % of sites at 1–4 mm`);
  assert.ok(depths.some((d) => d >= 6), 'a diseased tail of deep pockets');
  for (const r of snapshot.filter((x) => x.table.entity === 'perio_tooth' && x.after!['furcation'] !== null)) {
    const t = universalOf(r.after!['tooth'] as string, numbering.get(`${r.database}|${String(r.after!['examId'])}`)!);
    const { position } = quadrantOf(t);
    assert.ok(position >= 6 || t === 5 || t === 12, `furcation on tooth ${t} (molars and maxillary first premolars only)`);
  }
});

test('exams: 1–6 per patient, the first initial, each later one compared to the previous', () => {
  const byPatient = new Map<string, StoredRow[]>();
  for (const r of rows.filter((x) => x.op === 'r' && x.table.entity === 'perio_exam')) {
    const patient = `${r.database}|${String(r.after!['patientId'])}`;
    byPatient.set(patient, [...(byPatient.get(patient) ?? []), r.after!]);
  }
  assert.equal(byPatient.size, SPEC.locations * SPEC.patients, 'every patient has an exam');
  for (const list of byPatient.values()) {
    assert.ok(list.length >= 1 && list.length <= 6);
    assert.equal(list[0]!['examType'], 'Initial');
    assert.equal(list[0]!['comparedToExamId'], null);
    for (let i = 1; i < list.length; i++) {
      assert.equal(list[i]!['comparedToExamId'], list[i - 1]!['examId']);
      assert.ok(String(list[i]!['examDate']) > String(list[i - 1]!['examDate']), 'visits in date order');
    }
  }
});

test('the change phase: exactly the requested updates, inserts and deletes, after the snapshot, in time order', () => {
  const changes = rows.filter((r) => r.op !== 'r');
  assert.deepEqual(
    { updates: changes.filter((r) => r.op === 'u').length, inserts: changes.filter((r) => r.op === 'c').length, deletes: changes.filter((r) => r.op === 'd').length },
    SPEC.changes,
  );
  assert.ok(rows.findIndex((r) => r.op !== 'r') > rows.findLastIndex((r) => r.op === 'r'), 'snapshot first');
  for (const c of changes) {
    if (c.op === 'u') {
      assert.ok(c.before && c.after);
      assert.equal(sourceKeyOf(c.table, c.before), sourceKeyOf(c.table, c.after));
      assert.notDeepEqual(c.before, c.after);
    }
    if (c.op === 'c') assert.ok(c.before === null && c.after);
    if (c.op === 'd') assert.ok(c.before && c.after === null);
  }
  const stamps = changes.map((c) => c.after?.['modifiedAt'] ?? c.after?.['noteDate']).filter((s): s is string => typeof s === 'string' && s >= '2025-06-30');
  assert.deepEqual(stamps, [...stamps].sort(), 'change stamps increase');
});

test('ground truth: duplicates across locations share a person id and a birth date', () => {
  const truth = [...practiceTruth(SPEC)];
  assert.equal(truth.filter((t) => !t.inserted).length, SPEC.locations * SPEC.patients);
  assert.equal(truth.filter((t) => t.inserted).length, rows.filter((r) => r.op === 'c' && r.table.entity === 'patient').length);
  const duplicates = truth.filter((t) => t.duplicateOf !== null);
  assert.ok(duplicates.length > 0);
  const patients = new Map(rows.filter((r: PracticeRow) => r.table.entity === 'patient' && r.op !== 'd').map((r) => [`${r.database}#${String(r.after!['patientId'])}`, r.after!]));
  for (const d of duplicates) {
    assert.equal(d.personId, `${d.duplicateOf!.database}#${d.duplicateOf!.patientId}`);
    const a = patients.get(`${d.database}#${d.patientId}`)!;
    const b = patients.get(d.personId)!;
    if (!d.dirt.some((k) => k.includes('birth-date')) && !String(b['dateOfBirth']).match(/^(9999|1900)/)) {
      assert.equal(a['dateOfBirth'], b['dateOfBirth'], 'same birth date');
    }
  }
});
