import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ALL_DIRT } from '@panda2zoho/synthetic-practice';
// The package index does not export clinicalNoteRows yet; driving the generator's own note writer keeps
// these tests on exactly what it stores until the index exports it.
import { clinicalNoteRows, type ResolvedSpec } from '@panda2zoho/synthetic-practice';
import { clinicalNoteText, richTextToPlainText } from './rich-text.ts';

// One RTF body exactly as generate-clinical-notes.ts richText() builds it.
const GENERATED_SAMPLE =
  '{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fswiss Arial;}}\\f0\\fs20 {\\b Progress note}\\par\r\n' +
  'Pt seen for SRP \\u8212? UR, UL.\\par\r\n' +
  'Anesthetic: 2 carpules lidocaine 2% w/ epi 1:100k.\\par\r\n' +
  "Pt tolerated well; OHI reinforced \\{interdental brushes\\}, caf\\'e9 habit discussed.\\par\r\n" +
  'Rx: chlorhexidine 0.12\\% rinse.\\par\r\n}';

test('the generator’s RTF body becomes five plain lines', () => {
  assert.equal(
    richTextToPlainText(GENERATED_SAMPLE),
    [
      'Progress note',
      'Pt seen for SRP — UR, UL.',
      'Anesthetic: 2 carpules lidocaine 2% w/ epi 1:100k.',
      'Pt tolerated well; OHI reinforced {interdental brushes}, café habit discussed.',
      'Rx: chlorhexidine 0.12% rinse.',
    ].join('\n'),
  );
});

test('every RTF body the generator writes (300 patients) decodes with no RTF left in it', () => {
  const spec = { seed: 42, dirt: new Set(ALL_DIRT), asOfMs: Date.UTC(2026, 10, 1) } as unknown as ResolvedSpec;
  let rtfBodies = 0;
  for (let patient = 1; patient <= 300; patient++) {
    const plan = { severity: 2 as const, exams: [{ examId: patient * 8, dateMs: Date.UTC(2025, 0, 6, 9), type: 'Initial', comparedToExamId: null, providerId: 1 }] };
    for (const row of clinicalNoteRows(spec, 0, patient, plan)) {
      const body = row.bodyRichText as string | null;
      const text = richTextToPlainText(body);
      if (body === null) continue;
      assert.equal(typeof text, 'string', 'decodes');
      if (!body.startsWith('{\\rtf')) continue;
      rtfBodies += 1;
      const plain = text as string;
      assert.doesNotMatch(plain, /\\|\\rtf|Arial|\?\s/, plain);
      assert.match(plain, /^Progress note\nPt seen for .+ — .+\.\nAnesthetic: [1-3] carpules .+\nPt tolerated well; OHI reinforced \{interdental brushes\}, café habit discussed\.\n(?:Next visit: \d+ weeks\.|Rx: chlorhexidine 0\.12% rinse\.)$/, plain);
    }
  }
  assert.ok(rtfBodies > 20, `only ${rtfBodies} RTF bodies generated`);
});

test('RTF escapes and control words', () => {
  const rtf = (body: string) => `{\\rtf1\\ansi ${body}}`;
  const cases: Array<[string, string]> = [
    [rtf("caf\\'e9 na\\'efve"), 'café naïve'],
    [rtf("\\'93quoted\\'94 \\'80 5"), '“quoted” € 5'],
    [rtf('\\u233?t\\u233?'), 'été'],
    [rtf('\\uc2\\u8212xx end'), '— end'],
    [rtf('\\u-3913?'), '\uF0B7'],
    [rtf('a\\tab b\\line c'), 'a b\nc'],
    [rtf('\\{braces\\} and \\\\ backslash'), '{braces} and \\ backslash'],
    [rtf('{\\*\\generator Riched20;}kept'), 'kept'],
    [rtf('{\\colortbl;\\red0\\green0\\blue0;}{\\stylesheet{\\s0 Normal;}}text'), 'text'],
    [rtf('{\\info{\\author Dr X}}note'), 'note'],
    [rtf('non\\~breaking opt\\-hyphen'), 'non breaking opthyphen'],
    [rtf('\\ldblquote x\\rdblquote  \\emdash  y'), '“x” — y'],
    [rtf('a\\par\\par\\par\\par b'), 'a\n\nb'],
    [rtf('line one\\\r\nline two'), 'line one\nline two'],
    [rtf('  spaced   out  \\par  '), 'spaced out'],
  ];
  for (const [input, expected] of cases) assert.equal(richTextToPlainText(input), expected, input);
});

test('plain bodies pass through tidied; blanks are null; broken groups are a problem', () => {
  const cases: Array<[string | null, unknown]> = [
    ['Called pt re: pre-auth, left message.', 'Called pt re: pre-auth, left message.'],
    ['  two  spaces\r\nnext line ', 'two spaces\nnext line'],
    [null, null], ['', null], ['  ', null], ['{\\rtf1\\ansi {\\fonttbl{\\f0 Arial;}}}', null],
    ['{\\rtf1\\ansi unclosed', { problem: 'RTF_UNBALANCED_GROUPS' }],
    ['{\\rtf1\\ansi x}}', { problem: 'RTF_UNBALANCED_GROUPS' }],
  ];
  for (const [input, expected] of cases) assert.deepEqual(richTextToPlainText(input), expected, String(input));
});

test('SOAP structure: headings kept as S:/O:/A:/P: lines', () => {
  const rtf = '{\\rtf1\\ansi Subjective: bleeding gums\\par Objective:  BOP 28 %\\par a: stable\\par PLAN: recall\\par Other line}';
  assert.equal(richTextToPlainText(rtf), 'S: bleeding gums\nO: BOP 28 %\nA: stable\nP: recall\nOther line');
  assert.equal(richTextToPlainText('S: x\nO: y'), 'S: x\nO: y');
});

test('note text: SOAP columns as S/O/A/P lines, then the body', () => {
  const note = { subjective: 'Pt reports gums bleed when brushing.', objective: 'Light plaque, no suppuration.', assessment: 'Gingivitis, improving.', plan: 'Periodontal maintenance q3 months.', bodyRichText: null };
  assert.equal(
    clinicalNoteText(note),
    'S: Pt reports gums bleed when brushing.\nO: Light plaque, no suppuration.\nA: Gingivitis, improving.\nP: Periodontal maintenance q3 months.',
  );
  assert.equal(clinicalNoteText({ ...note, subjective: null, objective: ' ', assessment: null }), 'P: Periodontal maintenance q3 months.');
  assert.equal(
    clinicalNoteText({ subjective: null, objective: null, assessment: null, plan: 'Refer for osseous surgery consult.', bodyRichText: GENERATED_SAMPLE }),
    'P: Refer for osseous surgery consult.\n\nProgress note\nPt seen for SRP — UR, UL.\nAnesthetic: 2 carpules lidocaine 2% w/ epi 1:100k.\nPt tolerated well; OHI reinforced {interdental brushes}, café habit discussed.\nRx: chlorhexidine 0.12% rinse.',
  );
  assert.equal(clinicalNoteText({ subjective: null, objective: null, assessment: null, plan: null, bodyRichText: null }), null);
  assert.deepEqual(clinicalNoteText({ ...note, bodyRichText: '{\\rtf1 x' }), { problem: 'RTF_UNBALANCED_GROUPS' });
});
