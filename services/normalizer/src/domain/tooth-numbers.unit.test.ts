import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TOOTH_NUMBERINGS, toothLabel } from '@panda2zoho/synthetic-practice';
import { parseToothLabel, parseToothNumbering, type Tooth } from './tooth-numbers.ts';

// perio-domain B.3, copied as printed (not derived) so the rule in the code is checked against the table.
const PERMANENT_PAIRS: ReadonlyArray<readonly [universal: string, fdi: string]> = [
  ['1', '18'], ['2', '17'], ['3', '16'], ['4', '15'], ['5', '14'], ['6', '13'], ['7', '12'], ['8', '11'],
  ['9', '21'], ['10', '22'], ['11', '23'], ['12', '24'], ['13', '25'], ['14', '26'], ['15', '27'], ['16', '28'],
  ['17', '38'], ['18', '37'], ['19', '36'], ['20', '35'], ['21', '34'], ['22', '33'], ['23', '32'], ['24', '31'],
  ['25', '41'], ['26', '42'], ['27', '43'], ['28', '44'], ['29', '45'], ['30', '46'], ['31', '47'], ['32', '48'],
];
const PRIMARY_PAIRS: ReadonlyArray<readonly [universal: string, fdi: string]> = [
  ['A', '55'], ['B', '54'], ['C', '53'], ['D', '52'], ['E', '51'], ['F', '61'], ['G', '62'], ['H', '63'], ['I', '64'], ['J', '65'],
  ['K', '75'], ['L', '74'], ['M', '73'], ['N', '72'], ['O', '71'], ['P', '81'], ['Q', '82'], ['R', '83'], ['S', '84'], ['T', '85'],
];

test('B.3 tables: all 52 Universal → FDI pairs', () => {
  assert.equal(PERMANENT_PAIRS.length + PRIMARY_PAIRS.length, 52);
  for (const [universal, fdi] of PERMANENT_PAIRS) assert.deepEqual(parseToothLabel(universal, 'Universal'), { universal, fdi, primary: false, supernumerary: false }, universal);
  for (const [universal, fdi] of PRIMARY_PAIRS) assert.deepEqual(parseToothLabel(universal, 'Universal'), { universal, fdi, primary: true, supernumerary: false }, universal);
});

test('B.3 tables: all 52 FDI → Universal pairs', () => {
  for (const [universal, fdi] of PERMANENT_PAIRS) assert.deepEqual(parseToothLabel(fdi, 'FDI'), { universal, fdi, primary: false, supernumerary: false }, fdi);
  for (const [universal, fdi] of PRIMARY_PAIRS) assert.deepEqual(parseToothLabel(fdi, 'FDI'), { universal, fdi, primary: true, supernumerary: false }, fdi);
});

test('alternate primary 1d–20d reads as A–T', () => {
  PRIMARY_PAIRS.forEach(([universal, fdi], i) => {
    for (const label of [`${i + 1}d`, `${i + 1}D`, ` ${i + 1}d `]) assert.deepEqual(parseToothLabel(label, 'Universal'), { universal, fdi, primary: true, supernumerary: false }, label);
  });
});

test('supernumeraries: permanent 51–82 (nearest + 50) and primary AS–TS keep the nearest tooth’s FDI', () => {
  for (const [universal, fdi] of PERMANENT_PAIRS) {
    const label = String(Number(universal) + 50);
    assert.deepEqual(parseToothLabel(label, 'Universal'), { universal: label, fdi, primary: false, supernumerary: true }, label);
  }
  for (const [letter, fdi] of PRIMARY_PAIRS) {
    for (const label of [`${letter}S`, `${letter.toLowerCase()}s`]) {
      assert.deepEqual(parseToothLabel(label, 'Universal'), { universal: `${letter}S`, fdi, primary: true, supernumerary: true }, label);
    }
  }
});

test('every label the generator writes, in every notation, reads back to its Universal tooth', () => {
  for (const numbering of TOOTH_NUMBERINGS) {
    for (let t = 1; t <= 32; t++) {
      const result = parseToothLabel(toothLabel(t, numbering), numbering) as Tooth;
      assert.equal(result.universal, String(t), `${numbering} ${t}`);
      assert.equal(result.fdi, PERMANENT_PAIRS[t - 1]![1]);
    }
  }
});

test('Palmer: quadrant + 1–8 permanent, quadrant + A–E primary, loose case and spacing', () => {
  const cases: Array<[string, string, string]> = [
    ['UR1', '8', '11'], ['UR8', '1', '18'], ['UL1', '9', '21'], ['UL8', '16', '28'], ['LL1', '24', '31'], ['LL8', '17', '38'],
    ['LR1', '25', '41'], ['LR8', '32', '48'], ['ur6', '3', '16'], [' LR 6 ', '30', '46'],
    ['URA', 'E', '51'], ['URE', 'A', '55'], ['ULA', 'F', '61'], ['ULE', 'J', '65'], ['LLA', 'O', '71'], ['LLE', 'K', '75'],
    ['LRA', 'P', '81'], ['LRE', 'T', '85'], ['ur c', 'C', '53'],
  ];
  for (const [label, universal, fdi] of cases) {
    const result = parseToothLabel(label, 'Palmer') as Tooth;
    assert.equal(result.universal, universal, label);
    assert.equal(result.fdi, fdi, label);
  }
});

test('a leading # is allowed (#3 as clinicians write it)', () => {
  assert.equal((parseToothLabel('#3', 'Universal') as Tooth).fdi, '16');
  assert.equal((parseToothLabel('# 14', 'Universal') as Tooth).fdi, '26');
});

test('rejects: out of range, wrong system, unknown letters, blanks', () => {
  const cases: Array<[string | null, 'Universal' | 'FDI' | 'Palmer', string]> = [
    ['0', 'Universal', 'TOOTH_LABEL_UNREADABLE'], ['33', 'Universal', 'TOOTH_LABEL_UNREADABLE'], ['50', 'Universal', 'TOOTH_LABEL_UNREADABLE'],
    ['83', 'Universal', 'TOOTH_LABEL_UNREADABLE'], ['Z', 'Universal', 'TOOTH_LABEL_UNREADABLE'], ['U', 'Universal', 'TOOTH_LABEL_UNREADABLE'],
    ['21d', 'Universal', 'TOOTH_LABEL_UNREADABLE'], ['0d', 'Universal', 'TOOTH_LABEL_UNREADABLE'], ['03', 'Universal', 'TOOTH_LABEL_UNREADABLE'],
    ['3.5', 'Universal', 'TOOTH_LABEL_UNREADABLE'], ['UR6', 'Universal', 'TOOTH_LABEL_UNREADABLE'],
    ['19', 'FDI', 'TOOTH_LABEL_UNREADABLE'], ['10', 'FDI', 'TOOTH_LABEL_UNREADABLE'], ['49', 'FDI', 'TOOTH_LABEL_UNREADABLE'], ['56', 'FDI', 'TOOTH_LABEL_UNREADABLE'],
    ['86', 'FDI', 'TOOTH_LABEL_UNREADABLE'], ['91', 'FDI', 'TOOTH_LABEL_UNREADABLE'], ['8', 'FDI', 'TOOTH_LABEL_UNREADABLE'], ['A', 'FDI', 'TOOTH_LABEL_UNREADABLE'],
    ['UR9', 'Palmer', 'TOOTH_LABEL_UNREADABLE'], ['UR0', 'Palmer', 'TOOTH_LABEL_UNREADABLE'], ['URF', 'Palmer', 'TOOTH_LABEL_UNREADABLE'],
    ['XY3', 'Palmer', 'TOOTH_LABEL_UNREADABLE'], ['16', 'Palmer', 'TOOTH_LABEL_UNREADABLE'],
    ['', 'Universal', 'TOOTH_LABEL_EMPTY'], ['   ', 'FDI', 'TOOTH_LABEL_EMPTY'], [null, 'Palmer', 'TOOTH_LABEL_EMPTY'],
  ];
  for (const [label, numbering, code] of cases) assert.deepEqual(parseToothLabel(label, numbering), { problem: code }, `${numbering} ${String(label)}`);
  assert.deepEqual(parseToothLabel('3', 'Martian' as 'FDI'), { problem: 'TOOTH_NUMBERING_UNKNOWN' });
});

test('declared notation: the generator’s values and loose spellings; unknown → problem', () => {
  for (const numbering of TOOTH_NUMBERINGS) assert.equal(parseToothNumbering(numbering), numbering);
  const cases: Array<[string | null, unknown]> = [
    [' universal ', 'Universal'], ['fdi', 'FDI'], ['ISO 3950', 'FDI'], ['PALMER', 'Palmer'],
    ['', { problem: 'TOOTH_NUMBERING_UNKNOWN' }], [null, { problem: 'TOOTH_NUMBERING_UNKNOWN' }], ['Haderup', { problem: 'TOOTH_NUMBERING_UNKNOWN' }],
  ];
  for (const [raw, expected] of cases) assert.deepEqual(parseToothNumbering(raw), expected, String(raw));
});

test('problem results never carry the input', () => {
  assert.deepEqual(Object.keys(parseToothLabel('Mrs Smith 3', 'Universal')), ['problem']);
});
