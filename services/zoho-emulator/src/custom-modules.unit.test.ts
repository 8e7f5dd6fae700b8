import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { contact, startTestEmulator, type TestEmulator } from './emulator-test-harness.ts';

const ADMIN_PROFILE = [{ id: '5725767000000000497' }];

async function createChartingModule(t: TestEmulator): Promise<string> {
  const res = await t.api('POST', '/crm/v8/settings/modules', {
    modules: [{ singular_label: 'PANDA Chart', plural_label: 'PANDA Charting', api_name: 'PANDA_Charting', profiles: ADMIN_PROFILE }],
  });
  assert.equal(res.status, 201, JSON.stringify(res.json));
  assert.equal(res.json.modules[0].code, 'SUCCESS');
  const field = await t.api('POST', '/crm/v8/settings/fields?module=PANDA_Charting', {
    fields: [{ field_label: 'Patient', data_type: 'lookup', lookup: { module: { api_name: 'Contacts' } } }],
  });
  assert.equal(field.status, 201, JSON.stringify(field.json));
  const fields = await t.api('GET', '/crm/v8/settings/fields?module=PANDA_Charting');
  const lookup = fields.json.fields.find((f: { data_type: string }) => f.data_type === 'lookup');
  assert.equal(lookup.lookup.module.api_name, 'Contacts');
  return lookup.api_name as string;
}

describe('layouts and custom modules', () => {
  let t: TestEmulator;

  beforeEach(async () => {
    t = await startTestEmulator();
  });
  afterEach(() => t.close());

  it('serves a default layout whose sections list the fields', async () => {
    const res = await t.api('GET', '/crm/v8/settings/layouts?module=Contacts');
    assert.equal(res.status, 200);
    const [layout] = res.json.layouts;
    assert.match(layout.id, /^\d{19}$/);
    const names = layout.sections.flatMap((s: { fields: Array<{ api_name: string }> }) => s.fields.map((f) => f.api_name));
    assert.ok(names.includes('Last_Name') && names.includes('Created_Time'));
    const missing = await t.api('GET', '/crm/v8/settings/layouts');
    assert.equal(missing.json.code, 'REQUIRED_PARAM_MISSING');
  });

  it('creates a custom module for 500 credits; records, lookups, notes and attachments work on it', async () => {
    const before = t.emulator.exportState().credits.used;
    const lookupName = await createChartingModule(t);
    assert.ok(t.emulator.exportState().credits.used - before >= 500);
    const modules = await t.api('GET', '/crm/v8/settings/modules/PANDA_Charting');
    assert.equal(modules.json.modules[0].generated_type, 'custom');

    const contactRes = await t.api('POST', '/crm/v8/Contacts', { data: [contact()] });
    const contactId = contactRes.json.data[0].details.id as string;
    const res = await t.api('POST', '/crm/v8/PANDA_Charting', {
      data: [{ Name: 'Chart 1', [lookupName]: { id: contactId } }, { Name: 'Chart 2', [lookupName]: { id: '5725767999999999999' } }, {}],
    });
    assert.equal(res.status, 207);
    assert.equal(res.json.data[0].code, 'SUCCESS');
    assert.equal(res.json.data[1].details.api_name, lookupName);
    assert.equal(res.json.data[2].details.api_name, 'Name');
    const chartId = res.json.data[0].details.id as string;

    const note = await t.api('POST', '/crm/v8/Notes', {
      data: [{ Note_Content: 'BOP 12 %', Parent_Id: { module: { api_name: 'PANDA_Charting' }, id: chartId } }],
    });
    assert.equal(note.status, 201);
    assert.equal((await t.api('GET', `/crm/v8/PANDA_Charting/${chartId}/Notes`)).json.data[0].Parent_Id.name, 'Chart 1');

    const form = new FormData();
    form.append('file', new Blob([Buffer.from('chart')]), 'chart.csv');
    const upload = await fetch(`${t.url}/crm/v8/PANDA_Charting/${chartId}/Attachments`, { method: 'POST', headers: { Authorization: `Zoho-oauthtoken ${t.token}` }, body: form });
    assert.equal(upload.status, 200);
    const task = await t.api('POST', '/crm/v8/Tasks', { data: [{ Subject: 'Review chart', What_Id: { id: chartId }, $se_module: 'PANDA_Charting' }] });
    assert.equal(task.status, 201);
  });

  it('enforces label and api_name rules', async () => {
    const bad = (overrides: Record<string, unknown>): Record<string, unknown> => ({ singular_label: 'Chart', plural_label: 'Charts', profiles: ADMIN_PROFILE, ...overrides });
    const res = await t.api('POST', '/crm/v8/settings/modules', {
      modules: [
        bad({ plural_label: 'A label that is far too long' }),
        bad({ singular_label: 'Chart-1' }),
        bad({ api_name: '1Chart' }),
        bad({ api_name: 'Chart_' }),
        bad({ api_name: 'Ch__art' }),
        bad({ api_name: 'C'.repeat(51) }),
        bad({ api_name: 'Contacts' }),
        bad({ profiles: [] }),
      ],
    });
    assert.equal(res.status, 400);
    assert.deepEqual(
      res.json.modules.map((m: { details: { api_name: string } }) => m.details.api_name),
      ['plural_label', 'singular_label', 'api_name', 'api_name', 'api_name', 'api_name', 'api_name', 'profiles'],
    );
    const generated = await t.api('POST', '/crm/v8/settings/modules', { modules: [bad({ plural_label: 'Perio Charts' })] });
    assert.equal(generated.status, 201);
    assert.ok((await t.api('GET', '/crm/v8/settings/modules/Perio_Charts')).json.modules[0]);
  });
});
