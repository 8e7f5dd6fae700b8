import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DIRT } from '@panda2zoho/synthetic-practice';
import { parseCdtCode, parseTeethList, type TeethDesignation } from './cdt-code.ts';
import { isProblem } from './domain-problem.ts';

// generate-treatment-plans.ts keeps its code list and spelling functions module-private, so the forms it
// writes (codeText, teethText) are listed here; the DIRT catalogue's own description is checked too.
const GENERATED_CODES = ['D0180', 'D1110', 'D4355', 'D4341', 'D4342', 'D4381', 'D4260', 'D4261', 'D4263', 'D4264', 'D7140', 'D7210', 'D7953', 'D6010', 'D4910'];

test('CDT: every generated code in every stored variant (D####, ####, 0####, d####)', () => {
  for (const code of GENERATED_CODES) {
    const digits = code.slice(1);
    for (const raw of [code, digits, `0${digits}`, code.toLowerCase(), ` ${code} `]) assert.deepEqual(parseCdtCode(raw), { code, raw }, raw);
  }
});

test('CDT: the DIRT catalogue’s examples are accepted', () => {
  const entry = DIRT.find((d) => d.kind === 'cdt-code-variants');
  assert.ok(entry);
  for (const raw of entry.what.match(/\b[dD]?\d{4,5}\b/g) ?? []) assert.equal((parseCdtCode(raw) as { code: string }).code, 'D4341', raw);
});

test('CDT: rejects', () => {
  const cases: Array<[string | null, string]> = [
    [null, 'CDT_CODE_EMPTY'], ['', 'CDT_CODE_EMPTY'], ['  ', 'CDT_CODE_EMPTY'],
    ['D434', 'CDT_CODE_UNREADABLE'], ['D43411', 'CDT_CODE_UNREADABLE'], ['434', 'CDT_CODE_UNREADABLE'], ['14341', 'CDT_CODE_UNREADABLE'],
    ['004341', 'CDT_CODE_UNREADABLE'], ['X4341', 'CDT_CODE_UNREADABLE'], ['D 4341', 'CDT_CODE_UNREADABLE'], ['D4341A', 'CDT_CODE_UNREADABLE'],
    ['SRP', 'CDT_CODE_UNREADABLE'], ['D43.41', 'CDT_CODE_UNREADABLE'],
  ];
  for (const [raw, code] of cases) assert.deepEqual(parseCdtCode(raw), { problem: code }, String(raw));
});

function summary(result: TeethDesignation | null | { problem: string }): unknown {
  if (result === null || isProblem(result)) return result;
  switch (result.kind) {
    case 'teeth':
      return result.teeth.map((t) => t.universal);
    case 'quadrant':
      return result.quadrant;
    case 'arch':
      return result.arch;
    case 'full-mouth':
      return 'full-mouth';
  }
}

test('teeth lists: every form the generator writes', () => {
  const quadrantStarts = [2, 9, 18, 25];
  const quadrants = ['UR', 'UL', 'LL', 'LR'] as const;
  quadrants.forEach((q, i) => {
    const start = quadrantStarts[i]!;
    assert.equal(summary(parseTeethList(q)), q);
    assert.equal(summary(parseTeethList(`Q${i + 1}`)), q);
    assert.equal(summary(parseTeethList(`${q} quad`)), q);
    assert.deepEqual(summary(parseTeethList(`${start}-${start + 6}`)), Array.from({ length: 7 }, (_, k) => String(start + k)));
    assert.deepEqual(summary(parseTeethList(`${start},${start + 1},${start + 2},${start + 3}`)), [0, 1, 2, 3].map((k) => String(start + k)));
  });
  for (let tooth = 2; tooth <= 31; tooth++) {
    const next = [String(tooth), String(tooth + 1)];
    assert.deepEqual(summary(parseTeethList(String(tooth))), [String(tooth)]);
    assert.deepEqual(summary(parseTeethList(`#${tooth}`)), [String(tooth)]);
    assert.deepEqual(summary(parseTeethList(`#${tooth} #${tooth + 1}`)), next);
    assert.deepEqual(summary(parseTeethList(`${tooth},${tooth + 1}`)), next);
  }
  for (const raw of ['all', 'FMX', 'full mouth']) assert.equal(summary(parseTeethList(raw)), 'full-mouth', raw);
  assert.equal(parseTeethList(null), null);
});

test('teeth lists: the DIRT catalogue’s examples', () => {
  const entry = DIRT.find((d) => d.kind === 'teeth-list-formats');
  assert.ok(entry);
  for (const raw of entry.what.split(' / ')) assert.ok(!isProblem(parseTeethList(raw) ?? { problem: 'NULL' }), raw);
});

test('teeth lists: other spellings, other notations', () => {
  const cases: Array<[string | null, unknown]> = [
    ['2, 3, 4', ['2', '3', '4']], ['2 - 5', ['2', '3', '4', '5']], ['#3,#3', ['3']], ['3;14', ['3', '14']], ['A, B', ['A', 'B']],
    ['ALL', 'full-mouth'], ['Full-Mouth', 'full-mouth'], ['q4', 'LR'], ['ul', 'UL'], ['UR quadrant', 'UR'], ['upper', 'upper'], ['Lower arch', 'lower'],
    ['', null], ['  ', null],
  ];
  for (const [raw, expected] of cases) assert.deepEqual(summary(parseTeethList(raw)), expected, String(raw));
  assert.deepEqual(summary(parseTeethList('16, 46', 'FDI')), ['3', '30']);
  assert.deepEqual(summary(parseTeethList('UR6 LL1', 'Palmer')), ['3', '24']);
});

test('teeth lists: unreadable input is a problem, never a guess', () => {
  const cases: Array<[string, ToothCodeCase]> = [
    ['33', 'TEETH_LIST_UNREADABLE'], ['#3 and #14', 'TEETH_LIST_UNREADABLE'], ['Q5', 'TEETH_LIST_UNREADABLE'], ['upper left', 'TEETH_LIST_UNREADABLE'],
    ['?', 'TEETH_LIST_UNREADABLE'], [',', 'TEETH_LIST_UNREADABLE'],
    ['5-2', 'TEETH_RANGE_UNREADABLE'], ['0-4', 'TEETH_RANGE_UNREADABLE'], ['30-33', 'TEETH_RANGE_UNREADABLE'], ['A-E', 'TEETH_RANGE_UNREADABLE'],
  ];
  for (const [raw, code] of cases) assert.deepEqual(parseTeethList(raw), { problem: code }, raw);
  assert.deepEqual(parseTeethList('16-18', 'FDI'), { problem: 'TEETH_RANGE_UNREADABLE' });
});

type ToothCodeCase = 'TEETH_LIST_UNREADABLE' | 'TEETH_RANGE_UNREADABLE';
