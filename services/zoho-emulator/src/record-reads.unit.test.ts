import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { contact, startTestEmulator, type TestEmulator } from './emulator-test-harness.ts';

describe('record reads, search and metadata', () => {
  let t: TestEmulator;
  let ids: string[] = [];

  before(async () => {
    t = await startTestEmulator();
    const empty = await t.api('GET', '/crm/v8/Contacts?fields=Last_Name');
    assert.equal(empty.status, 204, 'an empty module lists as 204');
    assert.equal(empty.json, null);
    const res = await t.api('POST', '/crm/v8/Contacts', {
      data: [
        contact({ First_Name: 'Ada', Last_Name: 'Lovelace', Email: 'ada@example.com', Mailing_City: 'London' }),
        contact({ First_Name: 'Alan', Last_Name: 'Turing', Email: 'alan@example.com', Mailing_City: 'London' }),
        contact({ First_Name: 'Grace', Last_Name: 'Hopper', Email: 'grace@example.com', Mailing_City: 'New York' }),
        contact({ First_Name: 'Edsger', Last_Name: 'Dijkstra', Mailing_City: 'Austin' }),
        contact({ First_Name: 'Barbara', Last_Name: 'Liskov', Mailing_City: 'Boston' }),
      ],
    });
    ids = res.json.data.map((d: { details: { id: string } }) => d.details.id);
  });
  after(() => t.close());

  it('requires the fields parameter on list calls', async () => {
    const res = await t.api('GET', '/crm/v8/Contacts');
    assert.equal(res.status, 400);
    assert.deepEqual(res.json, { code: 'REQUIRED_PARAM_MISSING', details: { param_name: 'fields' }, message: 'required param is missing', status: 'error' });
    const tooMany = await t.api('GET', `/crm/v8/Contacts?fields=${Array.from({ length: 51 }, (_, i) => `F${i}`).join(',')}`);
    assert.deepEqual([tooMany.status, tooMany.json.code, tooMany.json.details.limit], [400, 'LIMIT_EXCEEDED', 50]);
  });

  it('pages with per_page/page and returns only the requested fields plus id', async () => {
    const page1 = await t.api('GET', '/crm/v8/Contacts?fields=Last_Name,Email&per_page=2&page=1&sort_order=asc');
    assert.equal(page1.status, 200);
    assert.deepEqual(page1.json.data[0], { Last_Name: 'Lovelace', Email: 'ada@example.com', id: ids[0] });
    assert.deepEqual(
      [page1.json.info.per_page, page1.json.info.count, page1.json.info.page, page1.json.info.more_records],
      [2, 2, 1, true],
    );
    assert.equal(typeof page1.json.info.next_page_token, 'string');
    const page3 = await t.api('GET', '/crm/v8/Contacts?fields=Last_Name&per_page=2&page=3&sort_order=asc');
    assert.deepEqual([page3.json.info.count, page3.json.info.more_records, page3.json.info.next_page_token], [1, false, null]);
    assert.deepEqual(page3.json.data, [{ Last_Name: 'Liskov', id: ids[4] }]);
    const beyond = await t.api('GET', '/crm/v8/Contacts?fields=Last_Name&per_page=2&page=4');
    assert.equal(beyond.status, 204);
  });

  it('walks all records with next_page_token', async () => {
    const seen: string[] = [];
    let path = '/crm/v8/Contacts?fields=Last_Name&per_page=2';
    for (let guard = 0; guard < 10; guard++) {
      const res = await t.api('GET', path);
      assert.equal(res.status, 200);
      seen.push(...res.json.data.map((r: { id: string }) => r.id));
      if (!res.json.info.more_records) break;
      path = `/crm/v8/Contacts?fields=Last_Name&per_page=2&page_token=${encodeURIComponent(res.json.info.next_page_token)}`;
    }
    assert.deepEqual(seen, [...ids].reverse(), 'default order is id descending');
  });

  it('enforces the 2,000-record reach of page-based paging', async () => {
    const res = await t.api('GET', '/crm/v8/Contacts?fields=Last_Name&per_page=200&page=11');
    assert.deepEqual([res.status, res.json.code, res.json.details.limit], [400, 'DISCRETE_PAGINATION_LIMIT_EXCEEDED', 2000]);
  });

  it('gets one record by id, 204 for an unknown id, INVALID_MODULE for an unknown module', async () => {
    const one = await t.api('GET', `/crm/v8/Contacts/${ids[2]}`);
    assert.equal(one.status, 200);
    assert.equal(one.json.data[0].Last_Name, 'Hopper');
    assert.equal(one.json.data[0].Owner.id, '5725767000000411001');
    assert.match(one.json.data[0].Created_Time, /\+00:00$/);
    assert.equal((await t.api('GET', '/crm/v8/Contacts/5725767999999999999')).status, 204);
    const badModule = await t.api('GET', '/crm/v8/Patients?fields=Last_Name');
    assert.deepEqual([badModule.status, badModule.json.code], [400, 'INVALID_MODULE']);
    const filtered = await t.api('GET', `/crm/v8/Contacts?fields=Last_Name&ids=${ids[0]},${ids[3]}`);
    assert.deepEqual(filtered.json.data.map((r: { id: string }) => r.id).sort(), [ids[0], ids[3]].sort());
  });

  it('searches with equals / starts_with and and/or criteria, 204 when nothing matches', async () => {
    const byEmail = await t.api('GET', `/crm/v8/Contacts/search?criteria=${encodeURIComponent('(Email:equals:GRACE@example.com)')}`);
    assert.equal(byEmail.status, 200);
    assert.deepEqual(byEmail.json.data.map((r: { id: string }) => r.id), [ids[2]]);
    const and = await t.api('GET', `/crm/v8/Contacts/search?criteria=${encodeURIComponent('((Mailing_City:equals:London)and(First_Name:starts_with:Al))')}`);
    assert.deepEqual(and.json.data.map((r: { Last_Name: string }) => r.Last_Name), ['Turing']);
    const or = await t.api('GET', `/crm/v8/Contacts/search?criteria=${encodeURIComponent('((Mailing_City:equals:Austin)or(Mailing_City:equals:Boston))')}`);
    assert.deepEqual(or.json.data.map((r: { Last_Name: string }) => r.Last_Name).sort(), ['Dijkstra', 'Liskov']);
    const none = await t.api('GET', `/crm/v8/Contacts/search?criteria=${encodeURIComponent('(Last_Name:equals:Nobody)')}`);
    assert.equal(none.status, 204);
    const email = await t.api('GET', '/crm/v8/Contacts/search?email=ada@example.com');
    assert.deepEqual(email.json.data.map((r: { id: string }) => r.id), [ids[0]]);
    const broken = await t.api('GET', `/crm/v8/Contacts/search?criteria=${encodeURIComponent('(Last_Name:like:x)')}`);
    assert.deepEqual([broken.status, broken.json.code], [400, 'INVALID_QUERY']);
  });

  it('serves modules, users and org metadata', async () => {
    const modules = await t.api('GET', '/crm/v8/settings/modules');
    assert.deepEqual(modules.json.modules.map((m: { api_name: string }) => m.api_name), ['Leads', 'Contacts', 'Accounts', 'Deals', 'Tasks', 'Products', 'Notes']);
    const fields = await t.api('GET', '/crm/v8/settings/fields?module=Contacts');
    const lastName = fields.json.fields.find((f: { api_name: string }) => f.api_name === 'Last_Name');
    assert.deepEqual(
      [lastName.data_type, lastName.length, lastName.system_mandatory, lastName.json_type, lastName.custom_field],
      ['text', 80, true, 'string', false],
    );
    const leadsMandatory = (await t.api('GET', '/crm/v8/settings/fields?module=Leads')).json.fields
      .filter((f: { system_mandatory: boolean }) => f.system_mandatory)
      .map((f: { api_name: string }) => f.api_name);
    assert.deepEqual(leadsMandatory, ['Last_Name', 'Company']);
    const missingModule = await t.api('GET', '/crm/v8/settings/fields');
    assert.equal(missingModule.json.details.param_name, 'module');
    const users = await t.api('GET', '/crm/v8/users?type=ActiveUsers');
    assert.equal(users.json.users[0].id, '5725767000000411001');
    assert.equal(users.json.users[0].status, 'active');
    const org = await t.api('GET', '/crm/v8/org');
    assert.match(org.json.org[0].zgid, /^\d+$/);
    const unknownPath = await t.api('GET', '/crm/v8/Contacts/1/2/3');
    assert.deepEqual([unknownPath.status, unknownPath.json.code], [404, 'INVALID_URL_PATTERN']);
  });
});
