import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestEmulator, type TestEmulator } from './emulator-test-harness.ts';

type Section = { display_label: string; api_name: string; fields: Array<{ api_name: string }> };

describe('zoho-emulator: layouts (GET and PATCH /crm/v8/settings/layouts)', () => {
  let t: TestEmulator;
  let free: TestEmulator;
  before(async () => {
    t = await startTestEmulator();
    free = await startTestEmulator({ edition: 'free' });
  });
  after(async () => {
    await t.close();
    await free.close();
  });

  const layout = async (e: TestEmulator) => (await e.api('GET', '/crm/v8/settings/layouts?module=Contacts')).json.layouts[0] as { id: string; sections: Section[] };

  it('adds a custom section whose fields leave the first section; a second PATCH replaces it, never duplicates it', async () => {
    await t.api('POST', '/crm/v8/settings/fields?module=Contacts', { fields: [{ field_label: 'PANDA Chart Number', data_type: 'text', length: 64 }, { field_label: 'PANDA Insurance', data_type: 'textarea' }] });
    const before = await layout(t);
    assert.deepEqual(before.sections.map((s) => s.display_label), ['Contact Information', 'System Information']);
    const body = { layouts: [{ sections: [{ display_label: 'Periodontal', fields: [{ api_name: 'PANDA_Chart_Number' }, { api_name: 'PANDA_Insurance' }] }] }] };
    const patched = await t.api('PATCH', `/crm/v8/settings/layouts/${before.id}?module=Contacts`, body);
    assert.deepEqual([patched.status, patched.json.layouts[0].code, patched.json.layouts[0].details.id], [200, 'SUCCESS', before.id]);
    const after1 = await layout(t);
    assert.deepEqual(after1.sections.map((s) => s.display_label), ['Contact Information', 'Periodontal', 'System Information']);
    const perio = after1.sections.find((s) => s.display_label === 'Periodontal')!;
    assert.deepEqual(perio.fields.map((f) => f.api_name), ['PANDA_Chart_Number', 'PANDA_Insurance']);
    assert.ok(!after1.sections[0]!.fields.some((f) => f.api_name === 'PANDA_Chart_Number'));
    await t.api('PATCH', `/crm/v8/settings/layouts/${before.id}?module=Contacts`, body);
    assert.deepEqual(await layout(t), after1);
  });

  it('refuses unknown fields, unknown layouts, and any change on the free edition', async () => {
    const { id } = await layout(t);
    const unknownField = await t.api('PATCH', `/crm/v8/settings/layouts/${id}?module=Contacts`, { layouts: [{ sections: [{ display_label: 'X', fields: [{ api_name: 'Nope' }] }] }] });
    assert.deepEqual([unknownField.status, unknownField.json.code], [400, 'INVALID_DATA']);
    const wrongId = await t.api('PATCH', `/crm/v8/settings/layouts/123?module=Contacts`, { layouts: [{ sections: [{ display_label: 'X', fields: [] }] }] });
    assert.equal(wrongId.status, 400);
    const freeLayout = await layout(free);
    const refused = await free.api('PATCH', `/crm/v8/settings/layouts/${freeLayout.id}?module=Contacts`, { layouts: [{ sections: [{ display_label: 'Periodontal', fields: [{ api_name: 'Email' }] }] }] });
    assert.deepEqual([refused.status, refused.json.code], [403, 'NOT_ALLOWED']);
  });
});
