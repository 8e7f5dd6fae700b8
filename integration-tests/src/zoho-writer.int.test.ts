import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ZohoOperationRecorded } from '@panda2zoho/events';
import { readTopic } from './harness/read-topics.ts';
import { eventually } from './harness/test-stack.ts';
import { patientEvent, patientParent, recordEvent } from './harness/writer-events.ts';
import { WriterHarness } from './harness/writer-harness.ts';

const byKey = (records: Array<Record<string, unknown>>, field: string, key: string) => records.find((r) => r[field] === key);
const idOf = (v: unknown) => (v as { id?: string } | null)?.id;

/** The emulator's records without the times an idempotent re-write may touch. */
function snapshot(h: WriterHarness): unknown {
  const state = h.emulator.exportState();
  return {
    modules: Object.fromEntries(
      ['Contacts', 'Accounts', 'Deals', 'Tasks', 'Notes', 'PANDA_Charting'].map((m) => [
        m,
        (state.modules[m]?.records ?? []).map(({ Modified_Time: _t, Modified_By: _b, ...rest }) => rest).sort((a, b) => String(a['id']).localeCompare(String(b['id']))),
      ]),
    ),
    attachments: state.attachments,
  };
}

describe('zoho-writer: a small practice, every object, against the emulator', () => {
  const h = new WriterHarness();
  before(async () => {
    await h.start();
    // The practice's org before the migration: a Contact of its own, and a chart-number field it made unique.
    await h.zohoApi('POST', '/crm/v8/Contacts', { data: [{ First_Name: 'Erin', Last_Name: 'Existing', Email: 'erin@example.test', Description: 'practice note' }], trigger: [] });
    await h.zohoApi('POST', '/crm/v8/settings/fields?module=Contacts', { fields: [{ field_label: 'PANDA Chart Number', data_type: 'text', length: 64, unique: { casesensitive: true } }] });
    await h.startWriter();
  });
  after(() => h.stop());

  test('writes every entity with its lookups, reports a 207 batch item by item, and matches a pre-existing Contact', async () => {
    const { topics } = h;
    await h.produce(topics.recordResolved('referring_practice'), 'RecordNormalized', [
      recordEvent('referring_practice', 'L1', '1', { name: 'Smile Referrals', phoneE164: '+15550100', city: 'Springfield', sourceCreatedAt: '2019-03-01T09:00:00.000-05:00' }),
    ]);
    await h.produce(topics.recordResolved('referring_dentist'), 'RecordNormalized', [
      recordEvent('referring_dentist', 'L1', '5', { title: 'DR', firstName: 'Dana', lastName: 'Dentist', email: 'dana@smile.example' }, [{ role: 'practice', entity: 'referring_practice', recordKey: 'L1:referring_practice:1' }]),
    ]);
    await h.produce(topics.patientResolved, 'PatientResolved', [
      patientEvent('ck-a', [{ locationId: 'L1', sourceKey: '1' }], { firstName: 'Erin', lastName: 'Existing', email: 'erin@example.test', mobilePhoneE164: '+15550001' }),
      patientEvent('ck-b', [{ locationId: 'L1', sourceKey: '2' }], { chartNumber: 'C-100', homePhoneE164: '+13125550147', homePhoneDisplay: '(312) 555-0147' }, { insuranceCarrier: 'Delta Dental', guarantor: { name: 'Gus Guarantor', relation: 'Parent' } }),
      patientEvent('ck-c', [{ locationId: 'L2', sourceKey: '7' }], { chartNumber: 'C-100' }),
      patientEvent('ck-d', [{ locationId: 'L1', sourceKey: '4' }], { dateOfBirth: '1990-13-45' }),
    ]);
    const b = patientParent('L1', '2');
    await h.produce(topics.recordNormalized('perio_chart'), 'RecordNormalized', [
      recordEvent('perio_chart', 'L1', '30', { examDate: '2024-02-03', examType: 'Comprehensive', bopPercent: '23.5', sitesProbed: 168, maxProbingDepthMm: 6, missingTeeth: '1,16', provisionalStage: 'Stage III', findings: '#3 PD 5-4-6 BOP' }, [b]),
    ]);
    await h.produce(topics.recordNormalized('treatment_plan'), 'RecordNormalized', [
      recordEvent('treatment_plan', 'L1', '40', { title: 'Phase I therapy', status: 'Accepted', presentedDate: '2024-02-10', cdtCodes: 'D4341,D4910', teeth: '2,3', phases: '1', procedures: 'phase 1 D4341 #2-3', totalFee: '1250.00' }, [b]),
    ]);
    await h.produce(topics.recordNormalized('clinical_note'), 'RecordNormalized', [
      recordEvent('clinical_note', 'L1', '50', { noteDate: '2024-02-03', noteType: 'SOAP', title: 'Perio visit', body: 'S: sore gums' }, [b]),
    ]);
    await h.produce(topics.recordNormalized('clinical_flag'), 'RecordNormalized', [
      recordEvent('clinical_flag', 'L1', '60', { flagType: 'Medical', flagText: 'Premedicate before probing', status: 'Active' }, [b]),
    ]);
    await h.produce(topics.recordNormalized('motivation_report'), 'RecordNormalized', [
      recordEvent('motivation_report', 'L1', '70', { createdAt: '2024-02-03', fileName: 'motivation.pdf', pdf: { data: Buffer.from('%PDF-1.4 test') } }, [b]),
    ]);
    await h.produce(topics.recordNormalized('overflow_note'), 'RecordNormalized', [
      recordEvent('overflow_note', 'L1', '30-findings', { title: 'Full value of Tooth Findings', body: 'a very long findings text' }, [{ role: 'record', entity: 'perio_chart', recordKey: 'L1:perio_chart:30' }]),
    ]);

    await eventually('every object in Zoho', async () => h.records('Notes').length === 2 && h.emulator.exportState().attachments.length === 1 && h.records('Tasks').length === 1 && h.records('Deals').length === 1);

    const contacts = h.records('Contacts');
    const contactB = byKey(contacts, 'PANDA_Patient_Key', 'ck-b')!;
    assert.equal(contactB['PANDA_Record_Type'], 'Patient');
    // The golden record's carrier and guarantor, and the phone's display form (E.164 stays in the events for matching).
    assert.equal(contactB['PANDA_Insurance'], 'Delta Dental');
    assert.equal(contactB['PANDA_Guarantor'], 'Gus Guarantor (Parent)');
    assert.equal(contactB['Phone'], '(312) 555-0147');
    assert.equal(Date.parse(String(contactB['Source_Created_Time'])), Date.parse('2018-04-05T10:11:12-05:00'));
    const account = byKey(h.records('Accounts'), 'PANDA_Account_Key', 'L1:referring_practice:1')!;
    assert.equal(account['Account_Name'], 'Smile Referrals');
    const dentist = byKey(contacts, 'PANDA_Patient_Key', 'L1:referring_dentist:5')!;
    assert.equal(idOf(dentist['Account_Name']), account['id']);
    assert.equal(dentist['PANDA_Record_Type'], 'Referring Dentist');
    assert.equal(dentist['Salutation'], 'Dr.', 'the title in the pick-list\'s spelling');

    const chart = byKey(h.records('PANDA_Charting'), 'PANDA_Chart_Key', 'L1:perio_chart:30')!;
    assert.equal(idOf(chart['Patient']), contactB['id']);
    assert.equal(chart['Tooth_Findings'], '#3 PD 5-4-6 BOP');
    assert.equal(chart['BOP_Percent'], 23.5);
    const deal = h.records('Deals')[0]!;
    assert.equal(idOf(deal['Contact_Name']), contactB['id']);
    assert.deepEqual(deal['PANDA_CDT_Codes'], ['D4341', 'D4910']);
    assert.equal(deal['Stage'], 'Closed Won');
    const task = h.records('Tasks')[0]!;
    assert.equal(idOf(task['Who_Id']), contactB['id']);
    assert.equal(task['PANDA_Flag_Text'], 'Premedicate before probing');
    const notes = h.records('Notes');
    const clinical = notes.find((n) => idOf(n['Parent_Id']) === contactB['id'])!;
    assert.match(String(clinical['Note_Content']), /^Original date: 2024-02-03/);
    const overflow = notes.find((n) => idOf(n['Parent_Id']) === chart['id'])!;
    assert.equal(overflow['Note_Content'], 'a very long findings text');
    const [attachment] = h.emulator.exportState().attachments as Array<Record<string, unknown>>;
    assert.deepEqual([attachment!['file_name'], attachment!['record_id'], attachment!['size']], ['motivation.pdf', contactB['id'], 13]);

    // The practice's own Contact was matched by e-mail and updated, not duplicated; its own field kept.
    const erin = contacts.filter((c) => c['Email'] === 'erin@example.test');
    assert.equal(erin.length, 1);
    assert.equal(erin[0]!['PANDA_Patient_Key'], 'ck-a');
    assert.equal(erin[0]!['Description'], 'practice note');
    const ledger = await h.ledger(20);
    const erinIntent = ledger.find((e) => e.phase === 'INTENT' && e.recordKey === 'ck-a')!;
    assert.equal(erinIntent.operation, 'UPDATE');
    assert.equal(erinIntent.existedBefore, true);
    assert.equal(erinIntent.beforeImage?.['PANDA_Patient_Key'], 'null');
    assert.equal(erinIntent.beforeImage?.['Mobile'], 'null');
    assert.equal(erinIntent.beforeImage?.['Email'], undefined, 'an unchanged field is not in the before-image');

    // 207: one chunk, three Contacts; the duplicate chart number and the impossible date fail alone.
    assert.ok(byKey(contacts, 'PANDA_Patient_Key', 'ck-b'));
    assert.equal(byKey(contacts, 'PANDA_Patient_Key', 'ck-c'), undefined);
    assert.equal(byKey(contacts, 'PANDA_Patient_Key', 'ck-d'), undefined);
    const failed = (key: string) => ledger.find((e: ZohoOperationRecorded) => e.phase === 'OUTCOME' && e.recordKey === key)!;
    assert.deepEqual([failed('ck-c').result, failed('ck-c').errorCode, failed('ck-c').errorField], ['FAILED', 'DUPLICATE_DATA', 'PANDA_Chart_Number']);
    assert.deepEqual([failed('ck-d').result, failed('ck-d').errorCode, failed('ck-d').errorField], ['FAILED', 'INVALID_DATA', 'Date_of_Birth']);
    const codes = await h.deadLetterCodes(2);
    assert.deepEqual(codes.sort(), ['ZOHO_DUPLICATE_DATA', 'ZOHO_INVALID_DATA']);

    // The ledger's intent carries what was sent, lookups as ids, for the reconciler.
    const chartIntent = ledger.find((e) => e.phase === 'INTENT' && e.recordKey === 'L1:perio_chart:30')!;
    assert.equal(chartIntent.sentFields['Patient'], JSON.stringify(contactB['id']));
    assert.equal(chartIntent.locationId, 'L1');
    // No workflow fires on migrated records.
    assert.ok(h.emulator.exportState().writes.every((w) => Array.isArray(w.trigger) && w.trigger.length === 0));
  });

  test('an expired token is refreshed and the write goes through', async () => {
    h.clockOffsetMs += 2 * 3600_000; // the emulator's clock: the writer's cached token is now expired there
    await h.produce(h.topics.patientResolved, 'PatientResolved', [patientEvent('ck-b', [{ locationId: 'L1', sourceKey: '2' }], { chartNumber: 'C-100', email: 'pat.b@example.test' })]);
    await eventually('the update after the token expired', async () => byKey(h.records('Contacts'), 'PANDA_Patient_Key', 'ck-b')?.['Email'] === 'pat.b@example.test');
  });

  test('a replay of every input writes nothing twice, and sends nothing the ledger shows as written by the same input', async () => {
    const before = snapshot(h);
    const perRecord = (ledger: ZohoOperationRecorded[]) => {
      const counts = new Map<string, number>();
      for (const e of ledger) if (e.operation !== 'PROVISION' && e.recordKey) counts.set(e.recordKey, (counts.get(e.recordKey) ?? 0) + 1);
      return counts;
    };
    const ledgerBefore = perRecord(await h.ledger(1));
    await h.stopWriter();
    const admin = h.kafka.admin();
    await admin.connect();
    await admin.deleteGroups([`${h.namespace}.zoho-writer`, `${h.namespace}.zoho-writer.parked`]).catch(() => undefined);
    await admin.disconnect();
    await h.startWriter();
    await eventually('every input consumed again', () => h.drained());
    await new Promise((r) => setTimeout(r, 2_000));
    assert.deepEqual(snapshot(h), before);
    // Written again only: the refused Contacts (ck-c, ck-d: tried again, refused again) and ck-b, whose two
    // events a replay may coalesce into one write (a new operation). Everything else was skipped.
    const grown = [...perRecord(await h.ledger(1))].filter(([key, n]) => n > (ledgerBefore.get(key) ?? 0)).map(([key]) => key);
    assert.deepEqual(grown.filter((key) => !['ck-b', 'ck-c', 'ck-d'].includes(key)), []);
    assert.ok(grown.includes('ck-c') && grown.includes('ck-d'), 'the refused records were tried again');
    assert.ok((await h.handled('skipped')) >= 8, 'the written records were skipped as replays');
  });

  test('a deleted patient is deleted in Zoho, its children first', async () => {
    await h.produce(h.topics.patientResolved, 'PatientResolved', [patientEvent('ck-b', [{ locationId: 'L1', sourceKey: '2' }], null)]);
    await eventually('patient B gone', async () => !byKey(h.records('Contacts'), 'PANDA_Patient_Key', 'ck-b'));
    assert.equal(h.records('Deals').length, 0);
    assert.equal(h.records('Tasks').length, 0);
    assert.equal(h.records('PANDA_Charting').length, 0);
    assert.equal(h.records('Notes').length, 0, "the clinical note and the chart's overflow note are gone too");
    const deleteCalls = h.emulator.exportState().writes.filter((w) => w.operation === 'delete').map((w) => w.module);
    assert.deepEqual(deleteCalls.slice(-6).sort(), ['Contacts', 'Deals', 'Notes', 'Notes', 'PANDA_Charting', 'Tasks']);
    assert.equal(deleteCalls.at(-1), 'Contacts', 'the Contact is deleted last');
    const deletes = (await h.ledger(1)).filter((e) => e.phase === 'OUTCOME' && e.operation === 'DELETE');
    assert.equal(deletes.length, 6);
    assert.ok(deletes.every((d) => d.result === 'DELETED'));
  });
});

describe('zoho-writer: children wait for their parent', () => {
  const h = new WriterHarness({ WRITER_PARK_TIMEOUT_MS: '4000' });
  before(async () => {
    await h.start();
    await h.startWriter();
  });
  after(() => h.stop());

  test('a parked child is written once its parent is; one whose parent never comes is reported', async () => {
    await h.produce(h.topics.recordNormalized('perio_chart'), 'RecordNormalized', [
      recordEvent('perio_chart', 'L1', '31', { examDate: '2024-03-04', findings: '#14 PD 4-4-5' }, [patientParent('L1', '9')]),
    ]);
    await h.produce(h.topics.recordNormalized('clinical_flag'), 'RecordNormalized', [
      recordEvent('clinical_flag', 'L1', '404', { flagType: 'Allergy', flagText: 'Latex' }, [patientParent('L1', '404')]),
    ]);
    await readTopic(h.kafka, h.parkingTopic(), 2, 10_000);
    assert.equal(h.records('PANDA_Charting').length, 0, 'nothing written before the parent');

    await h.produce(h.topics.patientResolved, 'PatientResolved', [patientEvent('ck-9', [{ locationId: 'L2', sourceKey: '3' }, { locationId: 'L1', sourceKey: '9' }], {})]);
    const chart = await eventually('the parked chart written', async () => h.records('PANDA_Charting')[0]);
    const contact = byKey(h.records('Contacts'), 'PANDA_Patient_Key', 'ck-9')!;
    assert.equal(idOf(chart['Patient']), contact['id']);

    const issues = await eventually('the orphan reported', async () => {
      const found = await h.issues(1);
      return found.length > 0 ? found : undefined;
    });
    assert.deepEqual(issues.map((i) => [i.recordKey, i.rule, i.field, i.severity]), [['L1:clinical_flag:404', 'PARENT_NOT_IN_ZOHO', 'patient', 'ERROR']]);
    assert.doesNotMatch(issues[0]!.message, /Latex/);
    assert.deepEqual(await h.deadLetterCodes(1), ['PARENT_NOT_WRITTEN']);
    assert.equal(h.records('Tasks').length, 0);
  });
});

describe('zoho-writer: crash between the Zoho call and the outcome; delete policy mark', () => {
  const h = new WriterHarness({ WRITER_DELETE_POLICY: 'mark' });
  before(() => h.start());
  after(() => h.stop());

  test('open intents are resolved at restart: a Contact by its external id, a note among the notes of its parent', async () => {
    let crash = true;
    await h.startWriter({
      afterZohoCalls: () => {
        if (crash) throw new Error('test: the writer dies between the Zoho call and the outcome');
      },
    });
    // The note parks first (no Contact yet), then is written by the parking consumer: both crash after their call.
    await h.produce(h.topics.recordNormalized('clinical_note'), 'RecordNormalized', [
      recordEvent('clinical_note', 'L1', '88', { noteDate: '2021-06-07', noteType: 'Recall', body: 'due in 3 months' }, [patientParent('L1', '77')]),
    ]);
    await h.produce(h.topics.patientResolved, 'PatientResolved', [patientEvent('ck-x', [{ locationId: 'L1', sourceKey: '77' }], {})]);
    await eventually('the Contact and its note written, their outcomes not', async () => byKey(h.records('Contacts'), 'PANDA_Patient_Key', 'ck-x') && h.records('Notes').length === 1);
    await h.stopWriter();
    const beforeRestart = await h.ledger(2);
    assert.ok(beforeRestart.some((e) => e.recordKey === 'ck-x' && e.phase === 'INTENT'));
    assert.ok(beforeRestart.some((e) => e.recordKey === 'L1:clinical_note:88' && e.phase === 'INTENT'));
    assert.equal(beforeRestart.filter((e) => e.phase === 'OUTCOME' && e.operation !== 'PROVISION').length, 0);

    // The calls the crashed chunks made: the Contact's upsert and the note's insert.
    const writes = () => h.emulator.exportState().writes.filter((w) => w.module === 'Contacts' || w.module === 'Notes').map((w) => `${w.module} ${w.operation} ${w.record_count}`);
    const writesBefore = writes();
    assert.deepEqual(writesBefore, ['Contacts upsert 1', 'Notes insert 1']);

    crash = false;
    await h.startWriter();
    const contact = byKey(h.records('Contacts'), 'PANDA_Patient_Key', 'ck-x')!;
    const note = h.records('Notes')[0]!;
    const recovered = await eventually('the recovered outcomes', async () => {
      const found = (await h.ledger(1, 2_000)).filter((e) => e.phase === 'OUTCOME' && e.recovered);
      return found.length >= 2 ? found : undefined;
    });
    assert.deepEqual(
      recovered.map((e) => [e.recordKey, e.result, e.zohoId]).sort(),
      [['L1:clinical_note:88', 'INSERTED', note['id']], ['ck-x', 'INSERTED', contact['id']]],
    );
    // The redelivered chunks (the Contact's on the live topic, the note's on the parking topic) are
    // handled and committed without a Zoho call: the ledger shows both writes as done.
    await eventually('the redelivered chunks handled and committed', () => h.drained());
    assert.deepEqual(writes(), writesBefore, 'no second write of the replayed records');
    assert.equal(await h.handled('skipped'), 2);
    assert.equal(h.records('Contacts').filter((c) => c['PANDA_Patient_Key'] === 'ck-x').length, 1);
    assert.equal(h.records('Notes').length, 1);
    // The ledger is complete: one INTENT and one (recovered) OUTCOME per write, no second call's.
    const entries = (await h.ledger(4, 2_000)).filter((e) => e.operation !== 'PROVISION');
    assert.deepEqual(entries.map((e) => [e.recordKey, e.phase, e.recovered]).sort(), [
      ['L1:clinical_note:88', 'INTENT', false], ['L1:clinical_note:88', 'OUTCOME', true], ['ck-x', 'INTENT', false], ['ck-x', 'OUTCOME', true],
    ]);
  });

  test('a delete under WRITER_DELETE_POLICY=mark flags the record and keeps it', async () => {
    await h.produce(h.topics.patientResolved, 'PatientResolved', [patientEvent('ck-x', [{ locationId: 'L1', sourceKey: '77' }], null)]);
    await eventually('the Contact marked deleted', async () => byKey(h.records('Contacts'), 'PANDA_Patient_Key', 'ck-x')?.['PANDA_Deleted'] === true);
  });
});
