import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generatePractice } from '@panda2zoho/synthetic-practice';
import { forecastMigration } from '@panda2zoho/zoho';
import { DEAL_PRODUCT_LINKS, practiceModuleCounts, productsPaths } from './forecast.ts';

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

test('ZOHO_CDT_CODES=products: the distinct codes\' Products (records API) and one link call per plan with codes', () => {
  const spec = { locations: 2, patients: 30, seed: 5 };
  const codes = new Set<string>();
  const plans = new Set<string>();
  for (const row of generatePractice(spec)) {
    if (row.table.entity !== 'treatment_procedure' || !row.after) continue;
    codes.add(`D${String(row.after['cdtCode']).slice(-4)}`);
    plans.add(`${row.database}:${String(row.after['planId'])}`);
  }
  const picklist = practiceModuleCounts(spec.locations, spec.patients, spec.seed);
  const products = practiceModuleCounts(spec.locations, spec.patients, spec.seed, 'products');
  assert.equal(picklist['Products'], undefined);
  assert.equal(picklist[DEAL_PRODUCT_LINKS], undefined);
  assert.ok(codes.size > 3 && plans.size > 3);
  assert.equal(products['Products'], codes.size);
  assert.equal(products[DEAL_PRODUCT_LINKS], plans.size);
  assert.deepEqual({ ...products, Products: undefined, [DEAL_PRODUCT_LINKS]: undefined }, { ...picklist, Products: undefined, [DEAL_PRODUCT_LINKS]: undefined }, 'every other module as in picklist mode');

  const forecast = forecastMigration({ counts: { Products: 6_000, [DEAL_PRODUCT_LINKS]: 7_000 }, edition: 'enterprise', bulkThreshold: 5_000, ...productsPaths('products') });
  const byModule = Object.fromEntries(forecast.modules.map((m) => [m.module, m]));
  assert.deepEqual([byModule['Products']!.path, byModule['Products']!.calls, byModule['Products']!.credits], ['rest', 60, 600], 'never Bulk Write');
  assert.deepEqual([byModule[DEAL_PRODUCT_LINKS]!.path, byModule[DEAL_PRODUCT_LINKS]!.calls, byModule[DEAL_PRODUCT_LINKS]!.credits], ['single', 7_000, 7_000], 'one PUT per Deal');
});
