import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generatePractice } from '@panda2zoho/synthetic-practice';
import { parseCdtCode, parseTeethList } from './cdt-code.ts';
import { isProblem } from './domain-problem.ts';
import { parseFurcation, parseMobility, parsePerioFlag, parseRecessionClass, parseSiteName, recessionFromGingivalMargin, PANDA_GINGIVAL_MARGIN_CONVENTION } from './perio-values.ts';
import { richTextToPlainText } from './rich-text.ts';
import { parseToothLabel, parseToothNumbering, type ToothNumbering } from './tooth-numbers.ts';

/**
 * Every chart, procedure and note value of a whole generated practice (all dirt kinds; 12 locations so
 * every location-dependent spelling — numbering, boolean pair, furcation style, roman mobility — occurs)
 * reads without a problem, except the Miller "IV" mobility the generator writes on purpose to be rejected.
 */
test('a generated practice: every perio, procedure and note value is read; only mobility IV is refused', () => {
  const numberingOf = new Map<unknown, ToothNumbering>();
  const problems = new Map<string, number>();
  const seenNumberings = new Set<string>();
  let values = 0;
  const check = (result: unknown) => {
    values += 1;
    if (result !== null && typeof result === 'object' && isProblem(result as object)) {
      const code = (result as { problem: string }).problem;
      problems.set(code, (problems.get(code) ?? 0) + 1);
    }
  };
  for (const { table, after } of generatePractice({ locations: 12, patients: 6, seed: 7 })) {
    if (after === null) continue;
    const text = (field: string) => (after[field] ?? null) as string | null;
    switch (table.entity) {
      case 'perio_exam': {
        const numbering = parseToothNumbering(text('toothNumbering'));
        assert.ok(typeof numbering === 'string', 'declared numbering reads');
        numberingOf.set(after.examId, numbering);
        seenNumberings.add(numbering);
        break;
      }
      case 'perio_tooth':
        check(parseToothLabel(text('tooth'), numberingOf.get(after.examId)!));
        check(parseFurcation(text('furcation')));
        check(parseMobility(text('mobility')));
        check(parseRecessionClass(text('recessionClass')));
        break;
      case 'perio_site':
        check(parseToothLabel(text('tooth'), numberingOf.get(after.examId)!));
        check(parseSiteName(text('site')));
        for (const flag of ['bleeding', 'suppuration', 'plaque']) check(parsePerioFlag(text(flag)));
        check(recessionFromGingivalMargin(after.gingivalMarginMm as number | null, PANDA_GINGIVAL_MARGIN_CONVENTION));
        break;
      case 'treatment_procedure':
        check(parseCdtCode(text('cdtCode')));
        check(parseTeethList(text('teeth')));
        break;
      case 'clinical_note':
        check(richTextToPlainText(text('bodyRichText')));
        break;
    }
  }
  assert.deepEqual([...seenNumberings].sort(), ['FDI', 'Palmer', 'Universal']);
  assert.ok(values > 10_000, `only ${values} values read`);
  assert.deepEqual([...problems.keys()].filter((code) => code !== 'MOBILITY_GRADE_IV_NOT_MILLER'), []);
  assert.ok((problems.get('MOBILITY_GRADE_IV_NOT_MILLER') ?? 0) > 0, 'the mobility-invalid dirt was written and refused');
});
