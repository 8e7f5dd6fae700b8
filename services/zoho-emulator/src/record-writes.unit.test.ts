import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { contact, manualClock, startTestEmulator, type TestEmulator } from './emulator-test-harness.ts';

const ZOHO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;

async function createPatientKeyField(t: TestEmulator): Promise<string> {
  const res = await t.api('POST', '/crm/v8/settings/fields?module=Contacts', {
    fields: [{ field_label: 'PANDA Patient Key', data_type: 'text', length: 64, unique: { casesensitive: false } }],
  });
  assert.equal(res.status, 201);
  assert.equal(res.json.fields[0].code, 'SUCCESS');
  assert.equal(res.json.fields[0].message, 'field created');
  return res.json.fields[0].details.id as string;
}

describe('record writes', () => {
  const clock = manualClock();
  let t: TestEmulator;

  beforeEach(async () => {
    t = await startTestEmulator({ now: clock.now });
  });
  afterEach(() => t.close());

  it('inserts records with 201 and Zoho-shaped success details', async () => {
    const res = await t.api('POST', '/crm/v8/Contacts', { data: [contact({ First_Name: 'Ada' }), contact()], trigger: [] });
    assert.equal(res.status, 201);
    assert.equal(res.json.data.length, 2);
    for (const item of res.json.data) {
      assert.equal(item.code, 'SUCCESS');
      assert.equal(item.status, 'success');
      assert.equal(item.message, 'record added');
      assert.match(item.details.id, /^\d{19}$/);
      assert.match(item.details.Created_Time, ZOHO_TIME);
      assert.equal(item.details.Modified_Time, item.details.Created_Time);
      assert.deepEqual(Object.keys(item.details.Created_By).sort(), ['id', 'name']);
      assert.deepEqual(item.details.Modified_By, item.details.Created_By);
    }
    assert.notEqual(res.json.data[0].details.id, res.json.data[1].details.id);
    const state = t.emulator.exportState();
    const records = state.modules['Contacts']?.records ?? [];
    assert.equal(records.length, 2);
    assert.deepEqual(state.writes.at(-1), { at: state.writes.at(-1)?.at, module: 'Contacts', operation: 'insert', record_count: 2, trigger: [] });
  });

  it('answers a mixed batch with 207 and positional per-item results', async () => {
    const res = await t.api('POST', '/crm/v8/Contacts', {
      data: [
        contact({ Email: 'ok@example.com' }),
        { First_Name: 'NoLastName' },
        contact({ First_Name: 'x'.repeat(41) }),
        contact({ Email: 'not-an-email' }),
      ],
    });
    assert.equal(res.status, 207);
    const [ok, missing, tooLong, badEmail] = res.json.data;
    assert.equal(ok.code, 'SUCCESS');
    assert.deepEqual(missing, {
      code: 'MANDATORY_NOT_FOUND',
      details: { api_name: 'Last_Name', json_path: '$.data[1].Last_Name' },
      message: 'required field not found',
      status: 'error',
    });
    assert.equal(tooLong.code, 'INVALID_DATA');
    assert.deepEqual({ api_name: tooLong.details.api_name, maximum_length: tooLong.details.maximum_length }, { api_name: 'First_Name', maximum_length: 40 });
    assert.equal(badEmail.code, 'INVALID_DATA');
    assert.deepEqual({ api_name: badEmail.details.api_name, expected: badEmail.details.expected_data_type }, { api_name: 'Email', expected: 'email' });
    assert.equal(t.emulator.exportState().modules['Contacts']?.records.length, 1);
    // omitted trigger is recorded as null (Zoho would run all automations)
    assert.equal(t.emulator.exportState().writes.at(-1)?.trigger, null);
  });

  it('answers 400 when every record fails, and validates types, dates and unknown fields', async () => {
    const res = await t.api('POST', '/crm/v8/Contacts', {
      data: [contact({ Date_of_Birth: '15/01/1980' }), contact({ Favourite_Colour: 'blue' }), contact({ Last_Name: 42 })],
    });
    assert.equal(res.status, 400);
    assert.deepEqual(
      res.json.data.map((d: { code: string; details: Record<string, unknown> }) => [d.code, d.details['api_name'], d.details['expected_data_type']]),
      [
        ['INVALID_DATA', 'Date_of_Birth', 'date'],
        ['INVALID_DATA', 'Favourite_Colour', undefined],
        ['INVALID_DATA', 'Last_Name', 'text'],
      ],
    );
    assert.equal(t.emulator.exportState().modules['Contacts']?.records.length, 0);
  });

  it('rejects more than 100 records and a body without data as a whole', async () => {
    const tooMany = await t.api('POST', '/crm/v8/Contacts', { data: Array.from({ length: 101 }, () => contact()) });
    assert.equal(tooMany.status, 400);
    assert.equal(tooMany.json.data[0].code, 'LIMIT_EXCEEDED');
    assert.equal(tooMany.json.data[0].details.limit, 100);
    const noData = await t.api('POST', '/crm/v8/Contacts', {});
    assert.equal(noData.status, 400);
    assert.equal(noData.json.code, 'MANDATORY_NOT_FOUND');
    const empty = await t.api('POST', '/crm/v8/Contacts', { data: [] });
    assert.equal(empty.json.code, 'INVALID_DATA');
    assert.equal(t.emulator.exportState().modules['Contacts']?.records.length, 0);
  });

  it('updates by id with 200 and reports unknown or missing ids per item', async () => {
    const inserted = await t.api('POST', '/crm/v8/Contacts', { data: [contact({ First_Name: 'Before' })] });
    const id = inserted.json.data[0].details.id as string;
    clock.advance(5_000);
    const updated = await t.api('PUT', '/crm/v8/Contacts', { data: [{ id, First_Name: 'After' }] });
    assert.equal(updated.status, 200);
    assert.equal(updated.json.data[0].message, 'record updated');
    assert.notEqual(updated.json.data[0].details.Modified_Time, updated.json.data[0].details.Created_Time);
    const record = t.emulator.exportState().modules['Contacts']?.records[0];
    assert.equal(record?.['First_Name'], 'After');
    assert.equal(record?.['Last_Name'], 'Example');

    const mixed = await t.api('PUT', '/crm/v8/Contacts', { data: [{ id: '5725767999999999999', First_Name: 'x' }, { First_Name: 'y' }] });
    assert.equal(mixed.status, 400);
    assert.deepEqual(mixed.json.data.map((d: { code: string; details: { api_name: string } }) => [d.code, d.details.api_name]), [
      ['INVALID_DATA', 'id'],
      ['MANDATORY_NOT_FOUND', 'id'],
    ]);
  });

  it('creates a unique custom field and upserts by it without creating a second record', async () => {
    const fieldId = await createPatientKeyField(t);
    const fields = await t.api('GET', '/crm/v8/settings/fields?module=Contacts');
    const field = fields.json.fields.find((f: { api_name: string }) => f.api_name === 'PANDA_Patient_Key');
    assert.equal(field.id, fieldId);
    assert.deepEqual(
      { custom_field: field.custom_field, unique: field.unique, length: field.length, data_type: field.data_type },
      { custom_field: true, unique: { casesensitive: false }, length: 64, data_type: 'text' },
    );

    const body = (firstName: string, key: string): unknown => ({
      data: [contact({ First_Name: firstName, PANDA_Patient_Key: key })],
      duplicate_check_fields: ['PANDA_Patient_Key'],
      trigger: [],
    });
    const first = await t.api('POST', '/crm/v8/Contacts/upsert', body('First', 'P-0001'));
    assert.equal(first.status, 201);
    assert.deepEqual([first.json.data[0].action, first.json.data[0].duplicate_field, first.json.data[0].message], ['insert', null, 'record added']);
    const second = await t.api('POST', '/crm/v8/Contacts/upsert', body('Second', 'p-0001'));
    assert.equal(second.json.data[0].code, 'SUCCESS');
    assert.deepEqual([second.json.data[0].action, second.json.data[0].duplicate_field, second.json.data[0].message], ['update', 'PANDA_Patient_Key', 'record updated']);
    assert.equal(second.json.data[0].details.id, first.json.data[0].details.id);

    // Without duplicate_check_fields the user-defined unique field still matches (after the system Email check).
    const third = await t.api('POST', '/crm/v8/Contacts/upsert', { data: [contact({ First_Name: 'Third', PANDA_Patient_Key: 'P-0001' })] });
    assert.equal(third.json.data[0].action, 'update');

    const records = t.emulator.exportState().modules['Contacts']?.records ?? [];
    assert.equal(records.length, 1);
    assert.equal(records[0]?.['First_Name'], 'Third');
  });

  it('upserts by the system duplicate-check field (Email) when duplicate_check_fields is omitted', async () => {
    await t.api('POST', '/crm/v8/Contacts', { data: [contact({ Email: 'pat@example.com' })] });
    const res = await t.api('POST', '/crm/v8/Contacts/upsert', { data: [contact({ Email: 'PAT@example.com', Phone: '555-0100' })] });
    assert.deepEqual([res.json.data[0].action, res.json.data[0].duplicate_field], ['update', 'Email']);
    assert.equal(t.emulator.exportState().modules['Contacts']?.records.length, 1);
  });

  it('reports DUPLICATE_DATA for a unique value held by another record, on insert and on update', async () => {
    await createPatientKeyField(t);
    const a = await t.api('POST', '/crm/v8/Contacts', { data: [contact({ PANDA_Patient_Key: 'K1' }), contact({ PANDA_Patient_Key: 'K2' })] });
    const [idA, idB] = a.json.data.map((d: { details: { id: string } }) => d.details.id);
    const modules = await t.api('GET', '/crm/v8/settings/modules');
    const contactsModuleId = modules.json.modules.find((m: { api_name: string }) => m.api_name === 'Contacts').id;

    const dupInsert = await t.api('POST', '/crm/v8/Contacts', { data: [contact({ PANDA_Patient_Key: 'k1' })] });
    assert.equal(dupInsert.status, 400);
    const item = dupInsert.json.data[0];
    assert.equal(item.code, 'DUPLICATE_DATA');
    assert.equal(item.details.api_name, 'PANDA_Patient_Key');
    assert.deepEqual(item.details.duplicate_record.module, { api_name: 'Contacts', id: contactsModuleId });
    assert.equal(item.details.duplicate_record.id, idA);
    assert.deepEqual(Object.keys(item.details.duplicate_record.Owner).sort(), ['id', 'name']);

    const dupUpdate = await t.api('PUT', '/crm/v8/Contacts', { data: [{ id: idB, PANDA_Patient_Key: 'K1' }] });
    assert.equal(dupUpdate.json.data[0].code, 'DUPLICATE_DATA');
    // updating a record to its own value is not a duplicate
    const selfUpdate = await t.api('PUT', '/crm/v8/Contacts', { data: [{ id: idA, PANDA_Patient_Key: 'K1' }] });
    assert.equal(selfUpdate.json.data[0].code, 'SUCCESS');

    const again = await t.api('POST', '/crm/v8/settings/fields?module=Contacts', { fields: [{ field_label: 'PANDA Patient Key', data_type: 'text' }] });
    assert.equal(again.status, 400);
    assert.equal(again.json.fields[0].code, 'DUPLICATE_DATA');
  });

  it('deletes records into the recycle bin with per-item results', async () => {
    const inserted = await t.api('POST', '/crm/v8/Contacts', { data: [contact(), contact()] });
    const [first, second] = inserted.json.data.map((d: { details: { id: string } }) => d.details.id);
    const res = await t.api('DELETE', `/crm/v8/Contacts?ids=${first},5725767999999999999`);
    assert.equal(res.status, 207);
    assert.deepEqual(res.json.data[0], { code: 'SUCCESS', details: { id: first }, message: 'record deleted', status: 'success' });
    assert.equal(res.json.data[1].status, 'error');
    const contacts = t.emulator.exportState().modules['Contacts'];
    assert.deepEqual(contacts?.records.map((r) => r['id']), [second]);
    assert.deepEqual(contacts?.recycle_bin.map((r) => r['id']), [first]);
    const missingIds = await t.api('DELETE', '/crm/v8/Contacts');
    assert.deepEqual([missingIds.status, missingIds.json.code, missingIds.json.details.param_name], [400, 'REQUIRED_PARAM_MISSING', 'ids']);
  });

  it('resolves lookups to existing records and rejects dangling ones', async () => {
    const account = await t.api('POST', '/crm/v8/Accounts', { data: [{ Account_Name: 'Smile Dental' }] });
    const accountId = account.json.data[0].details.id as string;
    const res = await t.api('POST', '/crm/v8/Contacts', {
      data: [contact({ Account_Name: { id: accountId } }), contact({ Account_Name: { id: '5725767999999999999' } })],
    });
    assert.equal(res.status, 207);
    assert.equal(res.json.data[1].details.api_name, 'Account_Name');
    const stored = t.emulator.exportState().modules['Contacts']?.records[0];
    assert.deepEqual(stored?.['Account_Name'], { name: 'Smile Dental', id: accountId });
  });
});
