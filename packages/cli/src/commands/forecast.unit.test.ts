import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generatePractice } from '@panda2zoho/synthetic-practice';
import { practiceModuleCounts } from './forecast.ts';

test('a generated practice counts per Zoho module: patients and referring dentists are Contacts, exams are PANDA_Charting', () => {
  const spec = { locations: 1, patients: 6, seed: 3 };
  const byEntity: Record<string, number> = {};
  for (const row of generatePractice(spec)) byEntity[row.table.entity] = (byEntity[row.table.entity] ?? 0) + 1;
  const counts = practiceModuleCounts(spec.locations, spec.patients, spec.seed);
  assert.equal(counts['Contacts'], 6 + (byEntity['referring_dentist'] ?? 0));
  assert.equal(counts['Accounts'], byEntity['referring_practice']);
  assert.equal(counts['PANDA_Charting'], byEntity['perio_exam']);
  assert.equal(counts['Notes'], byEntity['clinical_note']! + (byEntity['referral_letter'] ?? 0));
  assert.equal(counts['Attachments'], byEntity['motivation_report']);
  assert.equal(counts['Deals'], byEntity['treatment_plan']);
  assert.equal(counts['Tasks'], byEntity['clinical_flag']);
  assert.equal(Object.values(counts).reduce((a, b) => a + b, 0) > 6, true);
});
