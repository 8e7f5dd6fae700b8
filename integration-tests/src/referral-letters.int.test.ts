import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eventually } from './harness/test-stack.ts';
import { patientEvent, patientParent, recordEvent } from './harness/writer-events.ts';
import { WriterHarness } from './harness/writer-harness.ts';

const idOf = (v: unknown) => (v as { id?: string } | null)?.id;
const referrer = (sourceKey: string) => ({ role: 'referrer', entity: 'referring_dentist', recordKey: `L1:referring_dentist:${sourceKey}` });

describe('zoho-writer: referral letters as Notes and Attachments on the patient Contact, against the emulator', () => {
  const h = new WriterHarness();
  before(async () => {
    await h.start();
    await h.startWriter();
  });
  after(() => h.stop());

  test('a text letter is a Note, a PDF letter an Attachment; both carry the original date and name the referring dentist’s Contact', async () => {
    const { topics } = h;
    const b = patientParent('L1', '2');
    // The letters first: they wait (parked) for the patient and the dentist.
    await h.produce(topics.recordNormalized('referral_letter'), 'RecordNormalized', [
      recordEvent('referral_letter', 'L1', '1', { sentAt: '2023-04-05T09:10:00-05:00', subject: 'Consultation: Pat', body: 'Dear Dr. Dentist,\n\nThank you for referring Pat.', templateId: '1', fileName: null, pdf: null }, [b, referrer('5')]),
      recordEvent('referral_letter', 'L1', '2', { sentAt: '2023-06-01T14:00:00-05:00', subject: 'Treatment completed', body: null, templateId: '2', fileName: 'referral-letter-2.pdf', pdf: { data: Buffer.from('%PDF-1.4 letter') } }, [b, referrer('5')]),
      recordEvent('referral_letter', 'L1', '3', { sentAt: '2022-01-02T08:00:00-05:00', subject: 'Thank you', body: 'Thanks.', templateId: '3', fileName: null, pdf: null }, [b]),
    ]);
    await h.produce(topics.recordResolved('referring_practice'), 'RecordNormalized', [recordEvent('referring_practice', 'L1', '1', { name: 'Smile Referrals' })]);
    await h.produce(topics.recordResolved('referring_dentist'), 'RecordNormalized', [
      recordEvent('referring_dentist', 'L1', '5', { title: 'PROF', firstName: 'Dana', lastName: 'Dentist' }, [{ role: 'practice', entity: 'referring_practice', recordKey: 'L1:referring_practice:1' }]),
    ]);
    await h.produce(topics.patientResolved, 'PatientResolved', [patientEvent('ck-b', [{ locationId: 'L1', sourceKey: '2' }], {})]);

    await eventually('the letters in Zoho', async () => h.records('Notes').length === 2 && h.emulator.exportState().attachments.length === 1, 90_000);
    const contact = h.records('Contacts').find((c) => c['PANDA_Patient_Key'] === 'ck-b')!;
    const dentist = h.records('Contacts').find((c) => c['PANDA_Patient_Key'] === 'L1:referring_dentist:5')!;
    const notes = h.records('Notes');
    assert.ok(notes.every((n) => idOf(n['Parent_Id']) === contact['id']), 'on the patient’s Contact');
    const consult = notes.find((n) => String(n['Note_Content']).includes('Consultation'))!;
    assert.equal(consult['Note_Title'], 'Referral letter to Prof. Dana Dentist (2023-04-05)', 'the dentist’s own salutation (PANDA title → Salutation)');
    const lines = String(consult['Note_Content']).split('\n');
    assert.equal(lines[0], 'Original date: 2023-04-05T09:10:00-05:00');
    assert.equal(lines[1], `Referral letter sent to Prof. Dana Dentist (Zoho Contact ${String(dentist['id'])})`);
    assert.match(String(consult['Note_Content']), /Thank you for referring Pat\.$/);
    const unknown = notes.find((n) => String(n['Note_Content']).includes('Thanks.'))!;
    assert.equal(String(unknown['Note_Content']).split('\n')[1], 'Referral letter sent to a referring dentist (not in PANDA)');

    const [attachment] = h.emulator.exportState().attachments as Array<Record<string, unknown>>;
    assert.deepEqual([attachment!['file_name'], attachment!['record_id'], attachment!['size']], ['2023-06-01 referral-letter-2.pdf', contact['id'], 15]);

    const ledger = await h.ledger(10);
    const outcomes = ledger.filter((e) => e.phase === 'OUTCOME' && e.entity === 'referral_letter').map((e) => [e.recordKey, e.operation, e.result]).sort();
    assert.deepEqual(outcomes, [
      ['L1:referral_letter:1', 'NOTE', 'INSERTED'],
      ['L1:referral_letter:2', 'ATTACH', 'INSERTED'],
      ['L1:referral_letter:3', 'NOTE', 'INSERTED'],
    ]);
  });
});
