import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DIRT, type DirtKind } from './dirt.ts';
import { generatePractice, practiceTruth } from './generate-practice.ts';
import type { PracticeRow, PracticeSpec } from './practice-spec.ts';

const text = (v: unknown): v is string => typeof v === 'string';
const padded = (v: unknown) => text(v) && (v !== v.trim() || v.includes('  '));
const shouting = (v: unknown) => text(v) && v.length > 2 && v === v.toUpperCase() && v !== v.toLowerCase();
const whisper = (v: unknown) => text(v) && v.length > 2 && v === v.toLowerCase() && v !== v.toUpperCase();
const CLEAN_PHONE = /^\(\d{3}\) \d{3}-\d{4}$/;
const CLEAN_EMAIL = /^[a-z0-9.]+@[a-z0-9.-]+\.[a-z]{2,}$/;

/**
 * Independent detectors: each recognises its dirt in the stored values, without asking the generator
 * what it did. A clean practice (dirt: []) must trigger none of them.
 */
const DETECT: Record<DirtKind, (r: PracticeRow, v: Record<string, unknown>) => boolean> = {
  'birth-date-sentinel': (r, v) => r.table.entity === 'patient' && (v['dateOfBirth'] === '9999-12-31' || v['dateOfBirth'] === '1900-01-01'),
  'future-birth-date': (r, v) => r.table.entity === 'patient' && text(v['dateOfBirth']) && v['dateOfBirth'] > '2025-06-30' && v['dateOfBirth'] < '9999-01-01',
  // The old system's free text, whatever its format (ISO included): its mere presence needs parsing.
  'legacy-birth-date-text': (r, v) => r.table.entity === 'patient' && text(v['legacyBirthDateText']),
  'name-case-and-spacing': (r, v) => r.table.entity === 'patient' && ['firstName', 'lastName', 'city'].some((f) => padded(v[f]) || shouting(v[f]) || whisper(v[f])),
  'missing-last-name': (r, v) => r.table.entity === 'patient' && (v['lastName'] === null || (text(v['lastName']) && v['lastName'].trim() === '')),
  'over-long-values': (r, v) =>
    (r.table.entity === 'patient' && ((text(v['firstName']) && v['firstName'].length > 40) || (text(v['city']) && v['city'].length > 30) || (text(v['email']) && v['email'].length > 100))) ||
    (r.table.entity === 'clinical_flag' && text(v['flagText']) && v['flagText'].length > 255),
  'free-form-phones': (r, v) => r.table.entity === 'patient' && ['homePhone', 'mobilePhone', 'workPhone'].some((f) => text(v[f]) && !CLEAN_PHONE.test(v[f])),
  'invalid-email': (r, v) => (r.table.entity === 'patient' || r.table.entity === 'referring_dentist') && text(v['email']) && !CLEAN_EMAIL.test(v['email']) && v['email'].length <= 100,
  'zip-variants': (r, v) => r.table.entity === 'patient' && text(v['postalCode']) && !/^\d{5}$/.test(v['postalCode']),
  'state-variants': (r, v) => r.table.entity === 'patient' && text(v['state']) && !/^[A-Z]{2}$/.test(v['state']),
  'sex-codes': (r, v) => r.table.entity === 'patient' && text(v['sex']) && !['F', 'M'].includes(v['sex']),
  'duplicate-exact': () => false,
  'duplicate-nickname': () => false,
  'duplicate-transposed-letters': () => false,
  'tooth-numbering-fdi': (r, v) => r.table.entity === 'perio_exam' && v['toothNumbering'] === 'FDI',
  'tooth-numbering-palmer': (r, v) => r.table.entity === 'perio_exam' && v['toothNumbering'] === 'Palmer',
  'european-site-names': (r, v) => r.table.entity === 'perio_site' && ['MV', 'V', 'DV'].includes(v['site'] as string),
  'bop-spellings': (r, v) => r.table.entity === 'perio_site' && text(v['bleeding']) && !['Y', 'N'].includes(v['bleeding']),
  'furcation-spellings': (r, v) => r.table.entity === 'perio_tooth' && text(v['furcation']) && !['I', 'II', 'III'].includes(v['furcation']),
  'mobility-spellings': (r, v) => r.table.entity === 'perio_tooth' && ['I', 'II', 'III'].includes(v['mobility'] as string),
  'mobility-invalid': (r, v) => r.table.entity === 'perio_tooth' && v['mobility'] === 'IV',
  'recession-class-spellings': (r, v) => r.table.entity === 'perio_tooth' && text(v['recessionClass']) && !/^(I|II|III|IV|RT[123])$/.test(v['recessionClass']),
  'cdt-code-variants': (r, v) => r.table.entity === 'treatment_procedure' && text(v['cdtCode']) && !/^D\d{4}$/.test(v['cdtCode']),
  'teeth-list-formats': (r, v) => r.table.entity === 'treatment_procedure' && text(v['teeth']) && !/^(\d{1,2}|UR|UL|LL|LR)$/.test(v['teeth']),
  'rich-text-notes': (r, v) => r.table.entity === 'clinical_note' && text(v['bodyRichText']) && v['bodyRichText'].startsWith('{\\rtf1'),
};

/** Duplicates are a property of pairs of rows: found by name + birth date against the ground truth. */
function duplicateKinds(spec: PracticeSpec): Set<DirtKind> {
  const found = new Set<DirtKind>();
  for (const t of practiceTruth(spec)) if (t.duplicateKind) found.add(t.duplicateKind);
  return found;
}

function detected(spec: PracticeSpec): Set<DirtKind> {
  const found = new Set<DirtKind>();
  for (const r of generatePractice(spec)) {
    const v = r.after ?? r.before!;
    for (const d of DIRT) if (!found.has(d.kind) && DETECT[d.kind](r, v)) found.add(d.kind);
  }
  return found;
}

test('every DIRT kind appears in a generated practice', () => {
  const spec: PracticeSpec = { locations: 3, patients: 300, seed: 5 };
  const found = new Set([...detected(spec), ...duplicateKinds(spec)]);
  assert.deepEqual(DIRT.map((d) => d.kind).filter((k) => !found.has(k)), []);
});

test('legacy birth-date text comes in mixed formats', () => {
  const shapes = new Set<string>();
  for (const r of generatePractice({ locations: 1, patients: 200, seed: 5, entities: ['patient'] })) {
    const v = r.after!['legacyBirthDateText'];
    if (text(v)) shapes.add(v.replace(/[A-Za-z]+/g, 'a').replace(/\d/g, '9'));
  }
  assert.ok(shapes.size >= 6, [...shapes].join(' | '));
});

test('a clean practice (dirt: []) triggers no detector: the detectors see dirt, not ordinary data', () => {
  const spec: PracticeSpec = { locations: 3, patients: 60, seed: 5, dirt: [] };
  assert.deepEqual([...detected(spec), ...duplicateKinds(spec)], []);
});

test('the generator’s own dirt record per patient agrees with the detectors for patient rows', () => {
  const spec: PracticeSpec = { locations: 2, patients: 80, seed: 9 };
  const truth = new Map([...practiceTruth(spec)].map((t) => [`${t.database}#${t.patientId}`, t.dirt]));
  for (const r of generatePractice(spec)) {
    if (r.table.entity !== 'patient') continue;
    const recorded = truth.get(`${r.database}#${String(r.after!['patientId'])}`)!;
    for (const kind of ['missing-last-name', 'birth-date-sentinel', 'legacy-birth-date-text'] as const) {
      assert.equal(DETECT[kind](r, r.after!), recorded.includes(kind), `${kind} on ${r.database} patient ${String(r.after!['patientId'])}`);
    }
  }
});
