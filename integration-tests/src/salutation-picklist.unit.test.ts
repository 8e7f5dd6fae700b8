import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ZohoAuth, ZohoClient } from '@panda2zoho/zoho';
import { DEFAULT_CLIENT, startZohoEmulator, type RunningZohoEmulator } from '@panda2zoho/zoho-emulator';
import { ZOHO_SALUTATIONS } from '@panda2zoho/zoho-writer';

// The writer sends a referring dentist's title only as one of these; they must be the values the
// Contacts Salutation pick-list offers (read over HTTP, as the writer's client reads field metadata).
let org: RunningZohoEmulator;
before(async () => {
  org = await startZohoEmulator();
});
after(() => org.close());

test('the writer\'s salutations are the Contacts Salutation pick-list of a fresh org (besides -None-)', async () => {
  const zoho = new ZohoClient({ auth: new ZohoAuth({ accountsUrl: org.url, ...DEFAULT_CLIENT }) });
  const { json } = await zoho.request('GET', '/crm/v8/settings/fields?module=Contacts');
  const field = (json as { fields: Array<{ api_name: string; data_type: string; pick_list_values?: Array<{ actual_value: string }> }> }).fields.find((f) => f.api_name === 'Salutation');
  assert.equal(field?.data_type, 'picklist');
  assert.deepEqual(field!.pick_list_values?.map((v) => v.actual_value).filter((v) => v !== '-None-'), [...ZOHO_SALUTATIONS]);
});
