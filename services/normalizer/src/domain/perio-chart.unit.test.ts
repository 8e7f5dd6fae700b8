import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyRow, childrenOf, emptyRoot, isEmpty, rootKeyOf, type RootState } from './assembly-state.ts';
import { sourceEvent, testContext as ctx, type Fields } from './normalize-context.test-support.ts';
import { assemblePerioChart } from './perio-chart.ts';

const exam = (fields: Fields = {}, options: Parameters<typeof sourceEvent>[3] = {}) =>
  sourceEvent('perio_exam', '77', {
    examId: 77, patientId: 5, providerId: 2, examDate: '2025-03-04T09:30:00.000', examType: 'Initial', comparedToExamId: 70,
    toothNumbering: 'Universal', diagnosis: 'Generalized Stage III Grade B periodontitis', notes: null, createdAt: '2025-03-04T09:30:00.000', modifiedAt: null, ...fields,
  }, options);
const site = (tooth: string, name: string, pd: number | null, gm: number | null, bleeding: string | null, options: Parameters<typeof sourceEvent>[3] = {}) =>
  sourceEvent('perio_site', `77|${tooth}|${name}`, { examId: 77, tooth, site: name, probingDepthMm: pd, gingivalMarginMm: gm, bleeding, suppuration: null, plaque: null }, options);
const tooth = (label: string, fields: Fields, options: Parameters<typeof sourceEvent>[3] = {}) =>
  sourceEvent('perio_tooth', `77|${label}`, { examId: 77, tooth: label, furcation: null, mobility: null, recessionClass: null, missing: false, implant: false, ...fields }, options);

function chartOf(rows: ReturnType<typeof sourceEvent>[]) {
  const state = rows.reduce<RootState>((s, r) => applyRow(s, r), emptyRoot('LOC01:perio_exam:77'));
  return assemblePerioChart({ exam: state.root!, sites: childrenOf(state, 'perio_site'), teeth: childrenOf(state, 'perio_tooth') }, ctx);
}

const rows = () => [
  exam(),
  site('3', 'MB', 6, 2, 'Y'), site('3', 'B', 3, 0, 'N'), site('3', 'DB', 5, 1, '+'),
  site('14', 'MB', 4, 1, '1'), site('14', 'DL', 2, 0, null), site('14', 'L', null, null, null),
  tooth('3', { furcation: 'F2', mobility: 'II', recessionClass: 'Cl. II' }), tooth('1', { missing: true }), tooth('14', { mobility: 'IV', implant: false }),
];

test('a chart is assembled from exam, sites and teeth: counts, BOP %, maxima, lists, findings', () => {
  const chart = chartOf(rows());
  const f = chart.fields!;
  assert.equal(chart.recordKey, 'LOC01:perio_chart:77');
  assert.deepEqual(chart.parents, [
    { role: 'patient', entity: 'patient', recordKey: 'LOC01:patient:5' },
    { role: 'provider', entity: 'provider', recordKey: 'LOC01:provider:2' },
    { role: 'compared_to', entity: 'perio_chart', recordKey: 'LOC01:perio_chart:70' },
  ]);
  assert.equal(f['examDate'], '2025-03-04');
  assert.equal(f['toothNumbering'], 'Universal');
  assert.equal(f['diagnosis'], 'Generalized Stage III Grade B periodontitis', 'the clinician’s diagnosis, verbatim');
  assert.equal(f['sitesProbed'], 5);
  assert.equal(f['bleedingSites'], 3);
  assert.equal(f['bopPercent'], '60.0');
  assert.equal(f['maxProbingDepthMm'], 6);
  assert.equal(f['maxCalMm'], 8, 'CAL = PD + recession (6 + 2)');
  assert.equal(f['missingTeeth'], '1');
  assert.equal(f['implants'], null);
  assert.equal(f['teethPresent'], 2);
  assert.match(String(f['provisionalStage']), /^Stage (I|II|III|IV) \(provisional\)$/);
  assert.match(String(f['provisionalStageBasis']), /not assessed from chart data/);
  assert.equal(f['sourceCreatedAt'], '2025-03-04T09:30:00-05:00');
  const lines = String(f['findings']).split('\n');
  assert.deepEqual(lines.map((l) => l.split(';')[0]), ['#1/18', '#3/16', '#14/26']);
  assert.equal(lines[1], '#3/16; PD 5 3 6 / - - -; CAL 6 3 8 / - - -; BOP DB,MB; SUP none; plaque none; furcation Glickman II; mobility Miller 2; recession Miller II');
  assert.equal(lines[0], '#1/18; missing');
});

test('mobility IV is rejected (Miller has no IV), kept out of the chart, with an issue quoting the code', () => {
  const chart = chartOf(rows());
  assert.ok(!String(chart.fields!['findings']).split('\n')[2]!.includes('mobility'));
  const issue = chart.issues.find((i) => i.rule === 'MOBILITY_GRADE_IV_NOT_MILLER')!;
  assert.deepEqual([issue.field, issue.action, issue.before], ['findings', 'NULLED', 'mobility "IV"']);
});

test('the same rows in any order give the same chart', () => {
  const forward = rows();
  const a = chartOf(forward);
  const b = chartOf([...forward].reverse());
  const c = chartOf([forward[4]!, forward[8]!, forward[0]!, forward[1]!, forward[7]!, forward[2]!, forward[6]!, forward[3]!, forward[5]!, forward[9]!]);
  assert.deepEqual(b, a);
  assert.deepEqual(c, a);
});

test('FDI: from the exam’s ToothNumbering, else the location’s configuration; output carries Universal and FDI', () => {
  const declared = chartOf([exam({ toothNumbering: 'FDI' }), site('16', 'MV', 4, 0, 'Y')]);
  assert.equal(declared.fields!['toothNumbering'], 'FDI');
  assert.match(String(declared.fields!['findings']), /^#3\/16; PD - - 4 \/ - - -;/);
  const eu = (r: ReturnType<typeof sourceEvent>) => ({ ...r, source: { ...r.source, locationId: 'EU' } });
  const configured = chartOf([eu(exam({ toothNumbering: null })), eu(site('16', 'MB', 4, 0, 'Y'))]);
  assert.equal(configured.fields!['toothNumbering'], 'FDI');
  assert.match(String(configured.fields!['findings']), /^#3\/16;/);
  const unknown = chartOf([exam({ toothNumbering: 'Haderup' }), site('3', 'MB', 4, 0, 'Y')]);
  assert.equal(unknown.fields!['toothNumbering'], 'Universal');
  assert.ok(unknown.issues.some((i) => i.rule === 'TOOTH_NUMBERING_UNKNOWN' && i.action === 'KEPT'));
  const palmer = chartOf([exam({ toothNumbering: 'Palmer' }), site('UR6', 'MB', 4, 0, 'Y')]);
  assert.match(String(palmer.fields!['findings']), /^#3\/16;/);
});

test('an unreadable tooth label is kept as written, with an issue; nothing is dropped silently', () => {
  const chart = chartOf([exam(), site('99', 'MB', 4, 0, 'Y')]);
  assert.match(String(chart.fields!['findings']), /tooth "99" \(Universal, unread\)/);
  assert.ok(chart.issues.some((i) => i.rule === 'TOOTH_LABEL_UNREADABLE'));
});

test('assembly state: rows before their exam wait; a deleted site leaves the chart; a deleted exam is a DELETE', () => {
  const pending = [site('3', 'MB', 6, 2, 'Y'), site('3', 'B', 3, 0, 'N')];
  let state = pending.reduce<RootState>((s, r) => applyRow(s, r), emptyRoot('LOC01:perio_exam:77'));
  assert.equal(state.root, null, 'no chart without its exam');
  assert.equal(childrenOf(state, 'perio_site').length, 2);
  state = applyRow(state, exam());
  const before = assemblePerioChart({ exam: state.root!, sites: childrenOf(state, 'perio_site'), teeth: [] }, ctx);
  assert.equal(before.fields!['sitesProbed'], 2);
  state = applyRow(state, site('3', 'B', null, null, null, { operation: 'DELETE' }));
  const after = assemblePerioChart({ exam: state.root!, sites: childrenOf(state, 'perio_site'), teeth: [] }, ctx);
  assert.equal(after.fields!['sitesProbed'], 1);
  state = applyRow(state, exam({}, { operation: 'DELETE' }));
  const deleted = assemblePerioChart({ exam: state.root!, sites: childrenOf(state, 'perio_site'), teeth: [] }, ctx);
  assert.deepEqual([deleted.operation, deleted.fields], ['DELETE', null]);
  assert.equal(isEmpty(state), false, 'a site row is still held');
  state = applyRow(state, site('3', 'MB', null, null, null, { operation: 'DELETE' }));
  assert.equal(isEmpty(state), true, 'nothing left: the changelog gets a tombstone');
});

test('root keys: sites and teeth by exam (also from the key of an image-less delete), procedures by plan', () => {
  assert.equal(rootKeyOf(site('3', 'MB', 1, 0, null)), 'LOC01:perio_exam:77');
  assert.equal(rootKeyOf(sourceEvent('perio_site', '77|3|MB', null, { operation: 'DELETE' })), 'LOC01:perio_exam:77');
  assert.equal(rootKeyOf(sourceEvent('treatment_procedure', '900', { procedureId: 900, planId: 12 })), 'LOC01:treatment_plan:12');
  assert.equal(rootKeyOf(sourceEvent('treatment_procedure', '900', null, { operation: 'DELETE' })), null);
  assert.equal(rootKeyOf(exam()), 'LOC01:perio_exam:77');
});
