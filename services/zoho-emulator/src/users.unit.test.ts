import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SEEDED_USERS } from './org-identity.ts';
import { contact, startTestEmulator, type TestEmulator } from './emulator-test-harness.ts';

describe('zoho-emulator: the org users (GET /crm/v8/users) and record owners', () => {
  let t: TestEmulator;
  before(async () => {
    t = await startTestEmulator();
  });
  after(() => t.close());

  it('lists users by type: the admin first, then the seeded clinicians', async () => {
    const active = await t.api('GET', '/crm/v8/users?type=ActiveUsers');
    assert.equal(active.status, 200);
    const ids = active.json.users.map((u: { id: string }) => u.id);
    assert.equal(ids[0], '5725767000000411001');
    assert.ok(ids.includes(SEEDED_USERS[0]!.id));
    assert.ok(!ids.includes('5725767000000411104'), 'a disabled user is not active');
    const paula = active.json.users.find((u: { id: string }) => u.id === SEEDED_USERS[0]!.id);
    assert.deepEqual([paula.full_name, paula.email, paula.status, paula.confirm], ['Paula Perio', 'paula.perio@zoho-emulator.local', 'active', true]);
    assert.deepEqual(active.json.info, { per_page: 200, count: ids.length, page: 1, more_records: false });
    const all = await t.api('GET', '/crm/v8/users');
    assert.equal(all.json.users.length, 6);
    const deactive = await t.api('GET', '/crm/v8/users?type=DeactiveUsers');
    assert.deepEqual(deactive.json.users.map((u: { id: string }) => u.id), ['5725767000000411104']);
    const admins = await t.api('GET', '/crm/v8/users?type=ActiveConfirmedAdmins');
    assert.deepEqual(admins.json.users.map((u: { id: string }) => u.id), ['5725767000000411001', '5725767000000411103']);
    const current = await t.api('GET', '/crm/v8/users?type=CurrentUser');
    assert.equal(current.json.users.length, 1);
    const paged = await t.api('GET', '/crm/v8/users?type=AllUsers&per_page=2&page=2');
    assert.deepEqual([paged.json.users.length, paged.json.info.more_records], [2, true]);
    const bad = await t.api('GET', '/crm/v8/users?type=Everyone');
    assert.deepEqual([bad.status, bad.json.code], [400, 'INVALID_DATA']);
    const one = await t.api('GET', `/crm/v8/users/${SEEDED_USERS[1]!.id}`);
    assert.equal(one.json.users[0].last_name, 'Hygienist');
  });

  it('accepts an active user as Owner and refuses a disabled or unknown one', async () => {
    const owned = await t.api('POST', '/crm/v8/Contacts', { data: [contact({ Owner: { id: SEEDED_USERS[0]!.id } })] });
    assert.equal(owned.status, 201);
    const id = owned.json.data[0].details.id;
    const record = await t.api('GET', `/crm/v8/Contacts/${id}`);
    assert.deepEqual(record.json.data[0].Owner, { name: 'Paula Perio', id: SEEDED_USERS[0]!.id, email: 'paula.perio@zoho-emulator.local' });
    const disabled = await t.api('POST', '/crm/v8/Contacts', { data: [contact({ Owner: { id: '5725767000000411104' } })] });
    assert.equal(disabled.json.data[0].status, 'error');
    assert.equal(disabled.json.data[0].details.api_name, 'Owner');
    const note = await t.api('POST', `/crm/v8/Contacts/${id}/Notes`, { data: [{ Note_Title: 't', Note_Content: 'c', Owner: { id: SEEDED_USERS[1]!.id } }] });
    assert.equal(note.json.data[0].status, 'success');
  });
});
