import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RecordNormalized } from '@panda2zoho/events';
import { dealStage, targetFor, toAttachment, toNote, toZohoRecord, zohoDateTime } from './record-mapping.ts';

function event(entity: string, fields: RecordNormalized['fields']): RecordNormalized {
  return {
    eventId: 'e1', entity, recordKey: `L1:${entity}:9`, operation: 'UPSERT', mappingVersion: null, parents: [], fields, mergedFrom: [], issues: [],
    source: { sourceSystem: 'CSV_EXPORT', locationId: 'L1', sourceTable: 't', sourceKey: '9', sourcePosition: 'f:1', sourceCommittedAtMs: null },
  };
}
const ctx = { parents: new Map([['patient', { module: 'Contacts', id: 'c1' }]]), dealsAccountId: 'a1' };

test('datetimes lose their fraction of a second; Z becomes +00:00', () => {
  for (const [input, expected] of [
    ['2024-01-02T03:04:05.678-05:00', '2024-01-02T03:04:05-05:00'],
    ['2024-01-02T03:04:05Z', '2024-01-02T03:04:05+00:00'],
    ['2024-01-02T03:04:05+01:00', '2024-01-02T03:04:05+01:00'],
    [null, null],
  ] as const) assert.equal(zohoDateTime(input), expected);
});

test('plan status → Deal stage', () => {
  for (const [status, stage] of [['Accepted', 'Closed Won'], ['Rejected', 'Closed Lost'], ['Presented', 'Proposal/Price Quote'], [null, 'Qualification'], ['odd', 'Qualification']] as const) {
    assert.equal(dealStage(status), stage);
  }
});

test('a treatment plan is a Deal with its lookups, CDT codes as a list, and a closing date', () => {
  const deal = toZohoRecord(event('treatment_plan', { status: 'Accepted', cdtCodes: 'D4341, D4910', totalFee: '1250.50', sourceCreatedAt: '2023-05-06T07:08:09.000-04:00' }), ctx);
  assert.equal(deal['PANDA_Deal_Key'], 'L1:treatment_plan:9');
  assert.deepEqual(deal['PANDA_CDT_Codes'], ['D4341', 'D4910']);
  assert.equal(deal['Amount'], 1250.5);
  assert.equal(deal['Closing_Date'], '2023-05-06');
  assert.deepEqual([deal['Contact_Name'], deal['Account_Name']], [{ id: 'c1' }, { id: 'a1' }]);
  assert.equal(deal['Deal_Name'], 'Treatment plan 2023-05-06');
});

test('a clinical flag is a Task keeping the original text; an unknown entity has no keyed module', () => {
  const task = toZohoRecord(event('clinical_flag', { flagType: 'Medical', flagText: 'Premedicate', status: 'Resolved' }), ctx);
  assert.deepEqual([task['Who_Id'], task['PANDA_Flag_Text'], task['Status']], [{ id: 'c1' }, 'Premedicate', 'Completed']);
  assert.throws(() => toZohoRecord(event('provider', {}), ctx), /no keyed Zoho module/);
});

test('notes keep the original date in title and content; attachments keep the file name and bytes', () => {
  const note = toNote(event('clinical_note', { noteDate: '2020-01-02', noteType: 'SOAP', body: 'S: x' }));
  assert.equal(note.Note_Title, 'SOAP (2020-01-02)');
  assert.equal(note.Note_Content, 'Original date: 2020-01-02\nType: SOAP\n\nS: x');
  const file = toAttachment(event('motivation_report', { fileName: 'r.pdf', pdf: { data: Buffer.from([1, 2, 3]) } }));
  assert.deepEqual(file, { fileName: 'r.pdf', bytes: Buffer.from([1, 2, 3]) });
  assert.equal(toAttachment(event('motivation_report', { fileName: 'r.pdf', pdf: null })), null);
});

test('referral letters: text → Note naming the dentist with the original date first; PDF → Attachment whose name starts with the date', () => {
  const text = event('referral_letter', { sentAt: '2023-04-05T09:10:00-05:00', subject: 'Consult', body: 'Dear Dr. Doe', templateId: '1', fileName: null, pdf: null });
  assert.equal(targetFor(text)?.kind, 'note');
  const note = toNote(text, { id: 'z9', name: 'Dr. Jane Doe' });
  assert.equal(note.Note_Title, 'Referral letter to Dr. Jane Doe (2023-04-05)');
  assert.deepEqual(note.Note_Content.split('\n').slice(0, 4), ['Original date: 2023-04-05T09:10:00-05:00', 'Referral letter sent to Dr. Jane Doe (Zoho Contact z9)', 'Subject: Consult', 'PANDA template: 1']);
  assert.match(toNote(text).Note_Content.split('\n')[1]!, /not in PANDA/);
  const pdf = event('referral_letter', { sentAt: '2023-06-01T14:00:00-05:00', subject: null, body: null, templateId: null, fileName: 'letter.pdf', pdf: { data: Buffer.from('%PDF') } });
  assert.deepEqual([targetFor(pdf)?.kind, targetFor(pdf)?.module], ['attachment', 'Attachments']);
  assert.equal(toAttachment(pdf)?.fileName, '2023-06-01 letter.pdf');
});

test('referring practices and dentists keep their fax in Zoho\'s standard Fax field', () => {
  const practice = toZohoRecord(event('referring_practice', { name: 'Smile', phoneE164: '+12175550100', faxE164: '+12175550199' }), ctx);
  assert.deepEqual([practice['Phone'], practice['Fax']], ['+12175550100', '+12175550199']);
  const dentist = toZohoRecord(event('referring_dentist', { lastName: 'Dent', faxE164: null }), ctx);
  assert.equal(dentist['Fax'], null);
});

test('a referring dentist\'s title goes to the standard Salutation when it is one of Zoho\'s; any other title is not sent', () => {
  const dentist = (title: string | null) => toZohoRecord(event('referring_dentist', { title, firstName: 'Ida', lastName: 'Dent' }), ctx);
  assert.equal(dentist('DR')['Salutation'], 'Dr.');
  assert.equal(dentist('Dr.')['Last_Name'], 'Dent');
  assert.ok('Salutation' in dentist(null));
  assert.equal(dentist(null)['Salutation'], null);
  const other = dentist('Dr. med. dent.');
  assert.equal('Salutation' in other, false);
  assert.deepEqual([other['First_Name'], other['Last_Name'], other['PANDA_Record_Type']], ['Ida', 'Dent', 'Referring Dentist']);
});
