import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { contact, startTestEmulator, type TestEmulator } from './emulator-test-harness.ts';

type Field = { id: string; api_name: string; custom_field: boolean };

describe('zoho-emulator: DELETE /crm/v8/settings/fields/{id}', () => {
  let t: TestEmulator;
  before(async () => {
    t = await startTestEmulator();
  });
  after(async () => {
    await t.close();
  });

  const fields = async () => (await t.api('GET', '/crm/v8/settings/fields?module=Contacts')).json.fields as Field[];

  it('deletes a custom field: gone from the metadata, the layout sections and the records; a second delete is INVALID_DATA', async () => {
    const before = await fields();
    const created = await t.api('POST', '/crm/v8/settings/fields?module=Contacts', { fields: [{ field_label: 'PANDA Chart Number', data_type: 'text', length: 64, unique: { casesensitive: false } }] });
    const id = created.json.fields[0].details.id as string;
    const layout = (await t.api('GET', '/crm/v8/settings/layouts?module=Contacts')).json.layouts[0] as { id: string };
    await t.api('PATCH', `/crm/v8/settings/layouts/${layout.id}?module=Contacts`, { layouts: [{ sections: [{ display_label: 'Periodontal', fields: [{ api_name: 'PANDA_Chart_Number' }] }] }] });
    const written = await t.api('POST', '/crm/v8/Contacts', { data: [contact({ PANDA_Chart_Number: 'C-1' })] });
    const recordId = written.json.data[0].details.id as string;

    const deleted = await t.api('DELETE', `/crm/v8/settings/fields/${id}?module=Contacts`);
    assert.deepEqual([deleted.status, deleted.json.fields[0].code, deleted.json.fields[0].details.id], [200, 'SUCCESS', id]);
    assert.deepEqual(await fields(), before);
    const sections = (await t.api('GET', '/crm/v8/settings/layouts?module=Contacts')).json.layouts[0].sections as Array<{ display_label: string; fields: Array<{ api_name: string }> }>;
    assert.ok(!sections.some((s) => s.fields.some((f) => f.api_name === 'PANDA_Chart_Number')));
    const record = (await t.api('GET', `/crm/v8/Contacts/${recordId}`)).json.data[0] as Record<string, unknown>;
    assert.ok(!('PANDA_Chart_Number' in record));
    // the value is free again once the field is re-created (the unique index forgot it)
    await t.api('POST', '/crm/v8/settings/fields?module=Contacts', { fields: [{ field_label: 'PANDA Chart Number', data_type: 'text', length: 64, unique: { casesensitive: false } }] });
    const again = await t.api('POST', '/crm/v8/Contacts', { data: [contact({ Last_Name: 'Other', Email: 'other@example.test', PANDA_Chart_Number: 'C-1' })] });
    assert.equal(again.json.data[0].status, 'success');

    const twice = await t.api('DELETE', `/crm/v8/settings/fields/${id}?module=Contacts`);
    assert.deepEqual([twice.status, twice.json.code], [400, 'INVALID_DATA']);
  });

  it('refuses a standard field (NOT_ALLOWED) and a missing module parameter', async () => {
    const email = (await fields()).find((f) => f.api_name === 'Email')!;
    assert.equal(email.custom_field, false);
    const refused = await t.api('DELETE', `/crm/v8/settings/fields/${email.id}?module=Contacts`);
    assert.deepEqual([refused.status, refused.json.code], [400, 'NOT_ALLOWED']);
    assert.ok((await fields()).some((f) => f.id === email.id));
    const noModule = await t.api('DELETE', `/crm/v8/settings/fields/${email.id}`);
    assert.equal(noModule.status, 400);
  });
});
