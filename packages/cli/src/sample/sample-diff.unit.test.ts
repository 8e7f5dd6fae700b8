import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diffSample, sentValue, valueText, type MappingTargets } from './sample-diff.ts';
import { formatSampleDiff } from './sample-format.ts';

const targets: MappingTargets = new Map([
  ['patient', new Map([['firstName', 'Contacts.First_Name'], ['lastName', 'Contacts.Last_Name'], ['mobilePhone', 'Contacts.Mobile'], ['email', 'Contacts.Email'], ['providerId', 'Contacts.Owner'], ['addressLine1', 'Contacts.Mailing_Street'], ['addressLine2', 'Contacts.Mailing_Street']])],
  ['clinical_flag', new Map([['flagText', 'Tasks.Description']])],
]);

const enc = (v: unknown) => JSON.stringify(v);

test('values as text: empty is null, a lookup is its id, a list is comma-joined, the ledger\'s values are JSON', () => {
  const cases: Array<[unknown, string | null]> = [[null, null], ['  ', null], [' Ann ', 'Ann'], [{ id: '42', name: 'x' }, '42'], [['D4341', 'D4910'], 'D4341,D4910'], [[], null], [3.5, '3.5'], [true, 'true'], [Buffer.from('abc'), '<3 bytes>']];
  for (const [input, expected] of cases) assert.equal(valueText(input), expected, JSON.stringify(input));
  assert.equal(sentValue(enc('+15550100')), '+15550100');
  assert.equal(sentValue(enc({ id: '9' })), '9');
  assert.equal(sentValue('not json'), 'not json');
});

test('a date-time is the same instant whatever zone Zoho answers it in (to the second); a wall-clock source time is not an instant', () => {
  const diff = diffSample(
    [{ entity: 'patient', recordKey: 'L1:patient:1', source: { createdAt: '2019-12-03T08:47:45.660' }, written: { module: 'Contacts', zohoId: 'z', sentFields: { Source_Created_Time: enc('2019-12-03T08:47:45.660-05:00') } }, zoho: { id: 'z', Source_Created_Time: '2019-12-03T13:47:45+00:00' } }],
    new Map([['patient', new Map([['createdAt', 'Contacts.Source_Created_Time']])]]),
  );
  assert.equal(diff.fields[0]?.status, 'changed');
});

test('each sent field: same, changed by the pipeline, derived, differs from what was sent; mapped values never sent; records not in Zoho', () => {
  const diff = diffSample(
    [
      {
        entity: 'patient',
        recordKey: 'L1:patient:1',
        source: { firstName: 'Peggy', lastName: 'smith', mobilePhone: '(555) 010-0100', email: 'p@x.test', providerId: 7, addressLine1: '1 Main St', addressLine2: 'Apt 2' },
        written: { module: 'Contacts', zohoId: 'z1', sentFields: { First_Name: enc('Peggy'), Last_Name: enc('Smith'), Mobile: enc('+15550100100'), Email: enc('p@x.test'), PANDA_Record_Type: enc('Patient'), Mailing_Street: enc('1 Main St Apt 2') } },
        zoho: { id: 'z1', First_Name: 'Peggy', Last_Name: 'Smith', Mobile: '+15550100100', Email: 'other@x.test', PANDA_Record_Type: 'Patient', Mailing_Street: '1 Main St Apt 2' },
      },
      { entity: 'patient', recordKey: 'L1:patient:2', source: { firstName: 'Al' }, written: null, zoho: null },
      { entity: 'clinical_flag', recordKey: 'L1:clinical_flag:3', source: { flagText: 'Premed' }, written: { module: 'Tasks', zohoId: 't1', sentFields: { Description: enc('Premed') } }, zoho: null },
    ],
    targets,
  );
  const status = (key: string, zohoField: string | null) => diff.fields.find((f) => f.recordKey === key && f.zohoField === zohoField)?.status;
  assert.equal(status('L1:patient:1', 'Contacts.First_Name'), 'same');
  // case only: the same value (names are tidied, not changed)
  assert.equal(status('L1:patient:1', 'Contacts.Last_Name'), 'same');
  assert.equal(status('L1:patient:1', 'Contacts.Mobile'), 'changed');
  assert.equal(status('L1:patient:1', 'Contacts.Email'), 'differs');
  assert.equal(status('L1:patient:1', 'Contacts.PANDA_Record_Type'), 'derived');
  assert.equal(status('L1:patient:1', 'Contacts.Mailing_Street'), 'same', 'two source fields combined into one Zoho field');
  assert.equal(status('L1:patient:1', 'Contacts.Owner'), 'not-written');
  assert.equal(status('L1:patient:2', null), 'missing');
  assert.equal(status('L1:clinical_flag:3', 'Tasks'), 'missing');
  const patients = diff.entities.find((e) => e.entity === 'patient')!;
  assert.deepEqual({ ...patients }, { entity: 'patient', expected: 2, written: 1, inZoho: 1, same: 3, changed: 1, derived: 1, differs: 1, notWritten: 1, missing: 1 });
  assert.equal(diff.matches, 5);
  assert.equal(diff.differences, 4);
  const mobile = diff.fields.find((f) => f.zohoField === 'Contacts.Mobile')!;
  assert.deepEqual([mobile.sourceField, mobile.sourceValue, mobile.zohoValue], ['mobilePhone', '(555) 010-0100', '+15550100100']);
});

test('attachments are not read back: what was sent counts as in Zoho', () => {
  const diff = diffSample([{ entity: 'motivation_report', recordKey: 'L1:motivation_report:4', source: { fileName: 'm.pdf' }, written: { module: 'Attachments', zohoId: 'a1', sentFields: { File_Name: enc('m.pdf') } }, zoho: undefined }], new Map());
  assert.equal(diff.fields[0]?.status, 'derived');
  assert.equal(diff.entities[0]?.inZoho, 0);
  assert.equal(diff.differences, 0);
});

test('the terminal form: a summary per entity, then source → Zoho per field, differences marked', () => {
  const diff = diffSample([{ entity: 'clinical_flag', recordKey: 'L1:clinical_flag:3', source: { flagText: 'Premed' }, written: { module: 'Tasks', zohoId: 't1', sentFields: { Description: enc('Premed') } }, zoho: { id: 't1', Description: 'Pre-med' } }], targets);
  const text = formatSampleDiff('sample-1', diff, { differencesOnly: false });
  assert.match(text, /Sample sample-1: 0 fields match, 1 differences/);
  assert.match(text, /clinical_flag\s+1\s+1\s+1\s+0\s+0\s+0\s+1\s+0\s+0/);
  assert.match(text, /! flagText → Tasks.Description: "Premed" → "Pre-med"  \[differs\]/);
  assert.equal(formatSampleDiff('sample-1', diffSample([], targets), { differencesOnly: true }).includes('!'), false);
});
