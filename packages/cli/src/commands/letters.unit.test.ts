import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { LETTER_TEMPLATES, writePracticeCsv } from '@panda2zoho/synthetic-practice';
import { exportTemplates, mergeFieldsOf, readTemplateIndex } from './letters.ts';
import { renderMarkdown, type ReconciliationResponse } from './reconcile-report.ts';

const root = mkdtempSync(path.join(tmpdir(), 'p2z-letters-'));
after(() => rmSync(root, { recursive: true, force: true }));

test('merge fields in the spellings PMS templates use, each once, in order', () => {
  assert.deepEqual(mergeFieldsOf('Dear «DentistTitle» {{ DentistLastName }}, «PatientFirstName» <<PatientFirstName>> «DentistTitle»'), ['DentistTitle', 'DentistLastName', 'PatientFirstName']);
  assert.deepEqual(mergeFieldsOf('no fields'), []);
});

test('letters templates: one file per template and location with its merge fields; the reconciliation report lists them', () => {
  const csv = path.join(root, 'csv');
  const out = path.join(root, 'templates');
  writePracticeCsv({ locations: 2, patients: 2, seed: 3, entities: ['letter_template'] }, csv);
  const exported = exportTemplates(csv, out);
  assert.equal(exported.length, 2 * LETTER_TEMPLATES.length);
  const consult = exported.find((t) => t.locationId === 'PANDA_LOC01' && t.templateId === '1')!;
  assert.equal(consult.file, path.join('PANDA_LOC01', '1-consultation-report.txt'));
  assert.deepEqual(consult.mergeFields, ['PatientFirstName', 'PatientLastName', 'DentistTitle', 'DentistLastName', 'PatientBirthDate', 'ExamDate', 'Diagnosis', 'ProviderName']);
  const text = readFileSync(path.join(out, consult.file), 'utf8');
  assert.match(text, /^Template: Consultation report\n/);
  assert.match(text, /«PatientFirstName» → \$\{Contacts\.First Name\}/);
  assert.match(text, /«DentistLastName» → no Contacts merge field/);
  assert.ok(text.endsWith(`---\n${LETTER_TEMPLATES[0].body}\n`));
  assert.deepEqual(readTemplateIndex(out), exported);

  const report = { reportId: 'r', generatedAtMs: 0, entities: [], ready: true, sample: null, blockers: [], lag: [], deadLetters: [], issues: [], mismatches: [], letterTemplates: exported } as ReconciliationResponse;
  const md = renderMarkdown(report);
  assert.match(md, /## Letter templates \(rebuild as Zoho e-mail templates\)/);
  assert.match(md, /\| PANDA_LOC02 \| 3 \| Thank you for the referral \| PANDA_LOC02\/3-thank-you-for-the-referral\.txt \| DentistTitle, DentistLastName, PatientFirstName, PatientLastName, ProviderName \|/);
  assert.doesNotMatch(renderMarkdown({ ...report, letterTemplates: undefined }), /Letter templates/);
});
