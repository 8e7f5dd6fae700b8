import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sourceEvent, testContext as ctx } from './normalize-context.test-support.ts';
import { normalizeRecord } from './normalize-record.ts';

function ok(result: ReturnType<typeof normalizeRecord>) {
  assert.equal(result.kind, 'normalized');
  if (result.kind !== 'normalized') throw new Error('rejected');
  return result.record;
}

test('referring practice: name tidied, phones E.164 (free-form spellings), e-mail validated, no parents', () => {
  const phones: Array<[string, string | null]> = [
    ['(217) 555-0199', '+12175550199'], ['217.555.0199', '+12175550199'], ['2175550199', '+12175550199'], ['+1 217 555 0199', '+12175550199'],
    ['217-555-0199 (cell)', '+12175550199'], ['555-0199 x12', null],
  ];
  for (const [raw, e164] of phones) {
    const r = ok(normalizeRecord(sourceEvent('referring_practice', '4', { practiceId: 4, name: '  Lakeside   Dental ', phone: raw, fax: null, email: 'Front@Lakeside.example.com', addressLine1: '1 Main St', city: 'SPRINGFIELD', state: 'il', postalCode: '62701', createdAt: null, modifiedAt: null }), ctx));
    assert.equal(r.fields!['phoneE164'], e164, raw);
    assert.equal(r.fields!['name'], 'Lakeside Dental');
    assert.equal(r.fields!['email'], 'front@lakeside.example.com');
    assert.equal(r.fields!['city'], 'Springfield');
    assert.equal(r.fields!['state'], 'IL');
    assert.deepEqual(r.parents, []);
    assert.deepEqual(r.issues.map((i) => i.rule), e164 === null ? ['INVALID_PHONE'] : [], raw);
  }
});

test('referring dentist: practice parent; invalid e-mails nulled with an issue describing the shape only', () => {
  for (const email of ['jane.doe', 'jane at example.com', 'jane @example.com', 'jane@example.com.']) {
    const r = ok(normalizeRecord(sourceEvent('referring_dentist', '9', { dentistId: 9, practiceId: 4, title: 'Dr.', firstName: 'JANE', lastName: 'doe', email, phone: null, fax: null, createdAt: null, modifiedAt: null }), ctx));
    assert.equal(r.fields!['email'], null, email);
    assert.deepEqual(r.parents, [{ role: 'practice', entity: 'referring_practice', recordKey: 'LOC01:referring_practice:4' }]);
    const issue = r.issues[0]!;
    assert.deepEqual([issue.rule, issue.field, issue.action, issue.before], ['INVALID_EMAIL', 'email', 'NULLED', `${email.length} chars`]);
    assert.ok(!JSON.stringify(r.issues).includes('jane'), email);
  }
});

test('a person without a last name: dead-letter or placeholder per NORMALIZER_MISSING_LAST_NAME', () => {
  const dentist = sourceEvent('referring_dentist', '9', { dentistId: 9, practiceId: null, firstName: 'Jane', lastName: ' ' });
  const rejected = normalizeRecord(dentist, ctx);
  assert.deepEqual(rejected.kind === 'rejected' && rejected.code, 'MANDATORY_LAST_NAME_MISSING');
  const placeheld = ok(normalizeRecord(dentist, { ...ctx, missingLastName: 'placeholder' }));
  assert.equal(placeheld.fields!['lastName'], '(unknown)');
  assert.deepEqual(placeheld.issues.map((i) => [i.rule, i.action]), [['LAST_NAME_PLACEHOLDER', 'PLACEHOLDER']]);
});

test('provider: active stays a boolean; clinical note keeps S/O/A/P; flag and report name their parents', () => {
  const provider = ok(normalizeRecord(sourceEvent('provider', '2', { providerId: 2, firstName: 'ann', lastName: 'LEE', credentials: 'DDS, MS', email: null, npi: '1234567893', active: true }), ctx));
  assert.deepEqual(provider.fields, { firstName: 'Ann', lastName: 'Lee', credentials: 'DDS, MS', email: null, npi: '1234567893', active: true });
  const note = ok(normalizeRecord(sourceEvent('clinical_note', '30', { noteId: 30, patientId: 5, providerId: 2, noteDate: '2025-07-01T08:15:00.000', noteType: 'SOAP', subjective: 'Sore gums', objective: null, assessment: 'Gingivitis', plan: 'Recall 3 mo', bodyRichText: '{\\rtf1 Follow up \\b next\\b0  week}' }), ctx));
  assert.equal(note.fields!['body'], 'S: Sore gums\nA: Gingivitis\nP: Recall 3 mo\n\nFollow up next week');
  assert.equal(note.fields!['noteDate'], '2025-07-01T08:15:00-04:00');
  assert.equal(note.fields!['title'], 'SOAP note 2025-07-01');
  assert.deepEqual(note.parents.map((p) => p.role), ['patient', 'provider']);
  const flag = ok(normalizeRecord(sourceEvent('clinical_flag', '8', { flagId: 8, patientId: 5, flagType: 'Medical', flagText: 'Premedicate', dueDate: '1900-01-01', status: 'Open', createdAt: null, modifiedAt: null }), ctx));
  assert.equal(flag.fields!['dueDate'], null);
  assert.deepEqual(flag.issues.map((i) => [i.rule, i.field, i.before]), [['DATE_SENTINEL', 'dueDate', 'date 1900-01-01']]);
  const report = ok(normalizeRecord(sourceEvent('motivation_report', '6', { reportId: 6, patientId: 5, examId: 77, createdAt: '2025-03-04T10:00:00.000', fileName: 'report.pdf', pdf: { data: Buffer.from('%PDF-1.4') } }), ctx));
  assert.deepEqual(report.parents, [{ role: 'patient', entity: 'patient', recordKey: 'LOC01:patient:5' }, { role: 'exam', entity: 'perio_chart', recordKey: 'LOC01:perio_chart:77' }]);
  assert.deepEqual(report.fields!['pdf'], { data: Buffer.from('%PDF-1.4') });
});

test('an over-long flag text (Task Subject 255): shortened with a marker plus an overflow note, never cut silently', () => {
  const text = 'Allergic to latex. '.repeat(20).trim();
  const flag = ok(normalizeRecord(sourceEvent('clinical_flag', '8', { flagId: 8, patientId: 5, flagType: 'Alert', flagText: text, dueDate: null, status: null }), ctx));
  assert.equal([...String(flag.fields!['flagText'])].length, 255);
  assert.deepEqual(flag.overflow, [{ field: 'flagText', value: text }]);
  assert.deepEqual(flag.issues.map((i) => [i.rule, i.before]), [['VALUE_TOO_LONG_MOVED_TO_NOTE', `${text.length} chars`]]);
});

test('a delete carries no fields but still names its parents from the last image', () => {
  const r = ok(normalizeRecord(sourceEvent('clinical_flag', '8', { flagId: 8, patientId: 5 }, { operation: 'DELETE' }), ctx));
  assert.deepEqual([r.operation, r.fields, r.parents.length], ['DELETE', null, 1]);
  const bare = ok(normalizeRecord(sourceEvent('clinical_flag', '8', null, { operation: 'DELETE' }), ctx));
  assert.deepEqual([bare.operation, bare.parents.length], ['DELETE', 0]);
});

test('referral letter: sent date with the practice offset, text or PDF, parents patient + referring dentist + provider', () => {
  const text = ok(normalizeRecord(sourceEvent('referral_letter', '12', { letterId: 12, patientId: 5, dentistId: 9, providerId: 2, templateId: 3, sentAt: '2024-05-06T10:11:12.000', subject: ' Thank  you ', bodyText: 'Dear Dr. Doe,\r\n\r\nThanks.', fileName: null, pdf: null }), ctx));
  assert.equal(text.fields!['sentAt'], '2024-05-06T10:11:12-04:00');
  assert.deepEqual([text.fields!['subject'], text.fields!['body'], text.fields!['templateId'], text.fields!['pdf']], ['Thank you', 'Dear Dr. Doe,\n\nThanks.', '3', null]);
  assert.deepEqual(text.parents, [
    { role: 'patient', entity: 'patient', recordKey: 'LOC01:patient:5' },
    { role: 'referrer', entity: 'referring_dentist', recordKey: 'LOC01:referring_dentist:9' },
    { role: 'provider', entity: 'provider', recordKey: 'LOC01:provider:2' },
  ]);
  const pdf = ok(normalizeRecord(sourceEvent('referral_letter', '13', { letterId: 13, patientId: 5, dentistId: 9, providerId: null, templateId: 1, sentAt: '2024-05-06T10:11:12.000', subject: 'Consult', bodyText: null, fileName: null, pdf: { data: Buffer.from('%PDF-1.4') } }), ctx));
  assert.equal(pdf.fields!['fileName'], 'referral-letter-13.pdf');
  assert.ok(pdf.fields!['pdf']);
  const empty = ok(normalizeRecord(sourceEvent('referral_letter', '14', { letterId: 14, patientId: 5, dentistId: null, providerId: null, templateId: null, sentAt: null, subject: null, bodyText: null, fileName: null, pdf: null }), ctx));
  assert.deepEqual(empty.issues.map((i) => i.rule), ['LETTER_EMPTY']);
});
