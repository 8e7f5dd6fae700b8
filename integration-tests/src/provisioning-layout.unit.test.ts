import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ZohoAuth, ZohoClient } from '@panda2zoho/zoho';
import { DEFAULT_CLIENT, startZohoEmulator, type RunningZohoEmulator } from '@panda2zoho/zoho-emulator';
import { provision, zohoSchema } from '@panda2zoho/zoho-writer';

// Provisioning against the emulator (no Kafka): the Contact layout's "Periodontal" section.
type Section = { display_label: string; fields: Array<{ api_name: string }> };

const client = (e: RunningZohoEmulator) => new ZohoClient({ auth: new ZohoAuth({ accountsUrl: e.url, ...DEFAULT_CLIENT }) });

async function contactLayout(zoho: ZohoClient): Promise<Section[]> {
  const { json } = await zoho.request('GET', '/crm/v8/settings/layouts?module=Contacts');
  return (json as { layouts: Array<{ sections: Section[] }> }).layouts[0]!.sections;
}

describe('provisioning: the Periodontal section of the Contact layout', () => {
  let org: RunningZohoEmulator;
  let freeOrg: RunningZohoEmulator;
  before(async () => {
    org = await startZohoEmulator();
    freeOrg = await startZohoEmulator({ edition: 'free' });
  });
  after(async () => {
    await org.close();
    await freeOrg.close();
  });

  test('the dry run shows the section; provisioning adds it; provisioning twice changes nothing', async () => {
    const zoho = client(org);
    const dry = await provision(zoho, zohoSchema(), { dryRun: true });
    assert.ok(dry.lines.some((l) => /^add section "Periodontal" to the Contacts layout "Standard" with PANDA_Chart_Number, .*PANDA_Patient_Key, Source_Created_Time/.test(l)), dry.lines.join('\n'));
    assert.equal((await contactLayout(zoho)).some((s) => s.display_label === 'Periodontal'), false, 'a dry run changes nothing');

    assert.deepEqual(dry.created, { fields: [], sections: [] }, 'a dry run creates nothing');
    const standard = new Set((await zoho.fields('Contacts')).map((f) => f.api_name));
    const first = await provision(zoho, zohoSchema(), { dryRun: false });
    assert.equal(first.applied, true);
    // what it created, with the ids Zoho gave (the fields that existed before are not listed)
    const contactsNow = await zoho.fields('Contacts');
    const createdContacts = first.created.fields.filter((f) => f.module === 'Contacts');
    assert.deepEqual(
      createdContacts.map((f) => [f.apiName, f.zohoId]),
      contactsNow.filter((f) => !standard.has(f.api_name)).map((f) => [f.api_name, (f as { id?: string }).id]),
    );
    assert.ok(createdContacts.some((f) => f.apiName === 'PANDA_Patient_Key'));
    assert.ok(!first.created.fields.some((f) => f.module === 'Contacts' && standard.has(f.apiName)));
    const fieldSteps = first.steps.flatMap((s) => (s.kind === 'create-fields' ? s.fields.map((f) => `${s.module}.${f.api_name}`) : []));
    assert.deepEqual(first.created.fields.map((f) => `${f.module}.${f.apiName}`), fieldSteps, 'every field created is listed, once');
    assert.deepEqual(first.created.sections.map((s) => [s.module, s.label]), [['Contacts', 'Periodontal']]);
    const sections = await contactLayout(zoho);
    assert.deepEqual(sections.map((s) => s.display_label), ['Contact Information', 'Periodontal', 'System Information']);
    const perio = sections.find((s) => s.display_label === 'Periodontal')!;
    assert.deepEqual(perio.fields.map((f) => f.api_name), ['PANDA_Chart_Number', 'PANDA_Record_Type', 'PANDA_Sex', 'PANDA_Status', 'PANDA_Middle_Name', 'PANDA_Preferred_Name', 'PANDA_Insurance', 'PANDA_Guarantor', 'PANDA_Patient_Key', 'Source_Created_Time', 'Source_Modified_Time', 'PANDA_Deleted']);

    const writesBefore = org.exportState().writes.length;
    const second = await provision(zoho, zohoSchema(), { dryRun: false });
    assert.deepEqual([second.steps, second.applied, second.notes], [[], false, []]);
    assert.deepEqual(second.created, { fields: [], sections: [] }, 'provisioning twice creates nothing new');
    assert.match(second.lines[0]!, /^nothing to do/);
    assert.deepEqual(await contactLayout(zoho), sections, 'the layout is unchanged');
    assert.equal(org.exportState().writes.length, writesBefore);
  });

  test('an edition without layout changes gets the fields, and a note instead of the section (every run)', async () => {
    const zoho = client(freeOrg);
    const first = await provision(zoho, zohoSchema(), { dryRun: false });
    assert.equal(first.steps.some((s) => s.kind === 'layout-section'), false);
    assert.deepEqual(first.created.sections, [], 'no section was added');
    assert.ok(first.created.fields.length > 0);
    assert.match(first.notes.join('\n'), /edition \(free\) does not allow layout changes: the "Periodontal" section of Contacts is not added/);
    assert.ok((await zoho.fields('Contacts')).some((f) => f.api_name === 'PANDA_Chart_Number'));
    assert.equal((await contactLayout(zoho)).some((s) => s.display_label === 'Periodontal'), false);
    const second = await provision(zoho, zohoSchema(), { dryRun: true });
    assert.deepEqual(second.steps, []);
    assert.deepEqual(second.notes, first.notes);
  });
});
