import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRandom } from '@panda2zoho/synthetic-practice';
// The package index does not export the spelling functions yet (perio-spellings.ts); importing the
// generator's own source keeps these tests tied to what it writes until the index exports them.
import { BOOLEAN_SPELLINGS, spellFurcation, spellMobility, spellRecession, type FurcationStyle } from '@panda2zoho/synthetic-practice';
import {
  bleedingOnProbingPercent,
  clinicalAttachmentLevel,
  PANDA_GINGIVAL_MARGIN_CONVENTION,
  parseFurcation,
  parseMobility,
  parsePerioFlag,
  parseRecessionClass,
  parseSiteName,
  recessionFromGingivalMargin,
} from './perio-values.ts';

test('flags: every generator spelling pair reads as true/false', () => {
  for (const [yes, no] of BOOLEAN_SPELLINGS) {
    assert.equal(parsePerioFlag(yes), true, yes);
    assert.equal(parsePerioFlag(no), false, no);
  }
});

test('flags: case and spacing ignored, blank is unrecorded, anything else is a problem', () => {
  const cases: Array<[string | null, unknown]> = [
    ['y', true], [' YES ', true], ['yes', true], ['True', true], ['TRUE', true], ['1', true], [' + ', true], ['t', true],
    ['n', false], ['No', false], ['FALSE', false], ['0', false], ['-', false], ['−', false], ['–', false], [' f ', false],
    [null, null], ['', null], ['   ', null],
    ['maybe', { problem: 'PERIO_FLAG_UNREADABLE' }], ['2', { problem: 'PERIO_FLAG_UNREADABLE' }], ['++', { problem: 'PERIO_FLAG_UNREADABLE' }],
    ['?', { problem: 'PERIO_FLAG_UNREADABLE' }],
  ];
  for (const [raw, expected] of cases) assert.deepEqual(parsePerioFlag(raw), expected, String(raw));
});

test('site names: US names unchanged, European vestibular names onto buccal, position for position as the generator pairs them', () => {
  // generate-perio-chart.ts: SITES = DB, B, MB, DL, L, ML; EUROPEAN_SITES = DV, V, MV, DL, L, ML.
  const us = ['DB', 'B', 'MB', 'DL', 'L', 'ML'];
  const european = ['DV', 'V', 'MV', 'DL', 'L', 'ML'];
  european.forEach((site, i) => assert.equal(parseSiteName(site), us[i], site));
  for (const site of us) assert.equal(parseSiteName(site), site);
  const cases: Array<[string | null, unknown]> = [
    ['mv', 'MB'], [' d.v. ', 'DB'], ['F', 'B'], ['MP', 'ML'], ['P', 'L'], ['DP', 'DL'],
    ['', { problem: 'SITE_NAME_EMPTY' }], [null, { problem: 'SITE_NAME_EMPTY' }], ['X', { problem: 'SITE_NAME_UNREADABLE' }], ['MD', { problem: 'SITE_NAME_UNREADABLE' }],
  ];
  for (const [raw, expected] of cases) assert.deepEqual(parseSiteName(raw), expected, String(raw));
});

test('gingival margin → recession: PANDA positive = apical (recession); Open Dental flipped; out of range is a problem', () => {
  assert.equal(PANDA_GINGIVAL_MARGIN_CONVENTION, 'positive-apical');
  const cases: Array<[number | null, 'positive-apical' | 'positive-coronal', unknown]> = [
    [0, 'positive-apical', 0], [1, 'positive-apical', 1], [3, 'positive-apical', 3], [-1, 'positive-apical', -1],
    [2, 'positive-coronal', -2], [-3, 'positive-coronal', 3], [0, 'positive-coronal', 0], [null, 'positive-apical', null],
    [16, 'positive-apical', { problem: 'GINGIVAL_MARGIN_OUT_OF_RANGE' }], [-16, 'positive-coronal', { problem: 'GINGIVAL_MARGIN_OUT_OF_RANGE' }],
    [1.5, 'positive-apical', { problem: 'GINGIVAL_MARGIN_OUT_OF_RANGE' }],
  ];
  for (const [margin, convention, expected] of cases) assert.deepEqual(recessionFromGingivalMargin(margin, convention), expected, `${margin} ${convention}`);
  assert.ok(Object.is(recessionFromGingivalMargin(0, 'positive-coronal'), 0), 'no negative zero');
});

test('CAL = PD + recession', () => {
  const cases: Array<[number | null, number | null, unknown]> = [
    [3, 0, 3], [5, 2, 7], [4, -1, 3], [2, 3, 5], [0, 0, 0], [null, 2, null], [4, null, null],
    [21, 0, { problem: 'PROBING_DEPTH_OUT_OF_RANGE' }], [-1, 0, { problem: 'PROBING_DEPTH_OUT_OF_RANGE' }], [3.5, 0, { problem: 'PROBING_DEPTH_OUT_OF_RANGE' }],
    [3, 20, { problem: 'GINGIVAL_MARGIN_OUT_OF_RANGE' }],
  ];
  for (const [pd, recession, expected] of cases) assert.deepEqual(clinicalAttachmentLevel(pd, recession), expected, `${pd} ${recession}`);
});

test('BOP %: bleeding ÷ probed × 100 to one decimal; unrecorded bleeding on a probed site counts as not bleeding', () => {
  const site = (pd: number | null, bleeding: boolean | null) => ({ probingDepthMm: pd, bleeding });
  const cases: Array<[Array<ReturnType<typeof site>>, unknown]> = [
    [[site(3, true), site(3, false), site(3, false)], 33.3],
    [[site(3, true), site(3, true), site(3, false)], 66.7],
    [[site(3, true), site(2, null), site(null, true), site(4, false)], 33.3],
    [Array.from({ length: 168 }, (_, i) => site(3, i < 17)), 10.1],
    [[site(4, true)], 100],
    [[site(4, false), site(2, null)], 0],
    [[], { problem: 'NO_SITES_PROBED' }],
    [[site(null, true)], { problem: 'NO_SITES_PROBED' }],
  ];
  for (const [sites, expected] of cases) assert.deepEqual(bleedingOnProbingPercent(sites), expected);
});

test('furcation: every generator style and grade reads as that Glickman grade, raw kept', () => {
  for (const style of [0, 1, 2, 3] as FurcationStyle[]) {
    for (const grade of [1, 2, 3]) {
      const raw = spellFurcation(grade, style);
      assert.deepEqual(parseFurcation(raw), { scale: 'Glickman', grade, raw }, raw);
    }
  }
});

test('furcation: other spellings, Hamp when declared, problems', () => {
  const cases: Array<[string | null, unknown]> = [
    ['Grade 2', { scale: 'Glickman', grade: 2 }], ['IV', { scale: 'Glickman', grade: 4 }], ['class iii', { scale: 'Glickman', grade: 3 }],
    ['Cl. I', { scale: 'Glickman', grade: 1 }], ['0', { scale: 'Glickman', grade: 0 }], ['f 1', { scale: 'Glickman', grade: 1 }],
    ['Glickman II', { scale: 'Glickman', grade: 2 }], ['Degree 2', { scale: 'Hamp', grade: 2 }], ['Hamp 3', { scale: 'Hamp', grade: 3 }],
    ['deg. I', { scale: 'Hamp', grade: 1 }],
    ['Degree 4', { problem: 'FURCATION_GRADE_OUT_OF_RANGE' }], ['5', { problem: 'FURCATION_GRADE_OUT_OF_RANGE' }],
    ['V', { problem: 'FURCATION_UNREADABLE' }], ['II+', { problem: 'FURCATION_UNREADABLE' }], ['buccal', { problem: 'FURCATION_UNREADABLE' }],
    [null, null], ['  ', null],
  ];
  for (const [raw, expected] of cases) {
    const result = parseFurcation(raw);
    const comparable = result !== null && 'scale' in result ? { scale: result.scale, grade: result.grade } : result;
    assert.deepEqual(comparable, expected, String(raw));
  }
});

test('mobility: every generator spelling (digits and roman) reads as Miller 0–3; IV rejected', () => {
  for (const grade of [0, 1, 2, 3]) {
    assert.equal(parseMobility(spellMobility(grade, false)), grade);
    assert.equal(parseMobility(spellMobility(grade, true)), grade);
  }
  const cases: Array<[string | null, unknown]> = [
    ['IV', { problem: 'MOBILITY_GRADE_IV_NOT_MILLER' }], ['4', { problem: 'MOBILITY_GRADE_IV_NOT_MILLER' }], ['Class IV', { problem: 'MOBILITY_GRADE_IV_NOT_MILLER' }],
    ['ii', 2], [' Class 3 ', 3], ['Grade I', 1], ['M2', 2], ['Miller III', 3],
    ['5', { problem: 'MOBILITY_UNREADABLE' }], ['mobile', { problem: 'MOBILITY_UNREADABLE' }], ['1+', { problem: 'MOBILITY_UNREADABLE' }],
    [null, null], ['', null],
  ];
  for (const [raw, expected] of cases) assert.deepEqual(parseMobility(raw), expected, String(raw));
});

test('recession class: every form the generator writes (3,000 draws, messy and clean)', () => {
  const random = seededRandom(20261125);
  const seen = new Set<string>();
  for (let i = 0; i < 3000; i++) {
    const raw = spellRecession(random, i % 2 === 0);
    seen.add(raw);
    const result = parseRecessionClass(raw);
    assert.ok(result !== null && 'scale' in result, raw);
  }
  // The draws covered every form the generator has: roman, Cl., Class n, M, RTn and RT n.
  for (const form of ['II', 'Cl. III', 'Class 4', 'M I', 'RT2', 'RT 3']) assert.ok(seen.has(form), form);
});

test('recession class: Miller and Cairo spellings, problems', () => {
  const cases: Array<[string | null, unknown]> = [
    ['I', ['Miller', 'I']], ['II', ['Miller', 'II']], ['III', ['Miller', 'III']], ['IV', ['Miller', 'IV']],
    ['Cl. II', ['Miller', 'II']], ['Class 2', ['Miller', 'II']], ['M II', ['Miller', 'II']], ['Class 4', ['Miller', 'IV']], ['miller iii', ['Miller', 'III']], ['3', ['Miller', 'III']],
    ['RT1', ['Cairo', 'RT1']], ['RT2', ['Cairo', 'RT2']], ['rt 3', ['Cairo', 'RT3']], ['Cairo RT2', ['Cairo', 'RT2']],
    ['RT4', { problem: 'RECESSION_CLASS_UNREADABLE' }], ['V', { problem: 'RECESSION_CLASS_UNREADABLE' }], ['Class 5', { problem: 'RECESSION_CLASS_UNREADABLE' }],
    ['deep', { problem: 'RECESSION_CLASS_UNREADABLE' }], [null, null], [' ', null],
  ];
  for (const [raw, expected] of cases) {
    const result = parseRecessionClass(raw);
    const comparable = result !== null && 'scale' in result ? [result.scale, result.recessionClass] : result;
    assert.deepEqual(comparable, expected, String(raw));
    if (result !== null && 'scale' in result) assert.equal(result.raw, raw);
  }
});
