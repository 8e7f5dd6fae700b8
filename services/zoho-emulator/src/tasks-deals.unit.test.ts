import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { contact, startTestEmulator, type TestEmulator } from './emulator-test-harness.ts';

async function insertOne(t: TestEmulator, module: string, record: Record<string, unknown>): Promise<string> {
  const res = await t.api('POST', `/crm/v8/${module}`, { data: [record] });
  assert.equal(res.status, 201, JSON.stringify(res.json));
  return res.json.data[0].details.id as string;
}

describe('Deals and Tasks', () => {
  let t: TestEmulator;
  let accountId: string;
  let contactId: string;

  beforeEach(async () => {
    t = await startTestEmulator();
    accountId = await insertOne(t, 'Accounts', { Account_Name: 'Smile Dental' });
    contactId = await insertOne(t, 'Contacts', contact({ Account_Name: { id: accountId } }));
  });
  afterEach(() => t.close());

  it('requires Deal_Name, Stage, Closing_Date and Account_Name on Deals', async () => {
    const res = await t.api('POST', '/crm/v8/Deals', {
      data: [
        { Deal_Name: 'SRP', Stage: 'Qualification', Closing_Date: '2025-03-01', Account_Name: { id: accountId } },
        { Deal_Name: 'SRP', Stage: 'Qualification', Closing_Date: '2025-03-01' },
        { Deal_Name: 'SRP', Closing_Date: '2025-03-01', Account_Name: { id: accountId } },
      ],
    });
    assert.equal(res.status, 207);
    assert.equal(res.json.data[0].code, 'SUCCESS');
    assert.equal(res.json.data[1].details.api_name, 'Account_Name');
    assert.equal(res.json.data[2].details.api_name, 'Stage');
  });

  it('links a Task to an Account via What_Id + $se_module and to a Contact via Who_Id', async () => {
    const dealId = await insertOne(t, 'Deals', { Deal_Name: 'SRP', Stage: 'Qualification', Closing_Date: '2025-03-01', Account_Name: { id: accountId } });
    const res = await t.api('POST', '/crm/v8/Tasks', {
      data: [
        { Subject: 'Recall', Status: 'Not Started', Priority: 'High', Due_Date: '2025-02-01', What_Id: { id: accountId }, $se_module: 'Accounts', Who_Id: { id: contactId } },
        { Subject: 'Deal follow-up', What_Id: { id: dealId }, $se_module: 'Deals' },
      ],
    });
    assert.equal(res.status, 201, JSON.stringify(res.json));
    const got = await t.api('GET', `/crm/v8/Tasks/${res.json.data[0].details.id}`);
    assert.equal(got.json.data[0].What_Id.id, accountId);
    assert.equal(got.json.data[0].What_Id.name, 'Smile Dental');
    assert.equal(got.json.data[0].$se_module, 'Accounts');
    assert.equal(got.json.data[0].Who_Id.id, contactId);
  });

  it('rejects Tasks without Subject, with dangling lookups or a bad Due_Date', async () => {
    const res = await t.api('POST', '/crm/v8/Tasks', {
      data: [
        { Status: 'Completed' },
        { Subject: 'x', What_Id: { id: '5725767999999999999' }, $se_module: 'Accounts' },
        { Subject: 'x', What_Id: { id: accountId } },
        { Subject: 'x', Who_Id: { id: accountId } },
        { Subject: 'x', Due_Date: '2025-02-30' },
      ],
    });
    assert.equal(res.status, 400);
    assert.equal(res.json.data[0].code, 'MANDATORY_NOT_FOUND');
    assert.equal(res.json.data[0].details.api_name, 'Subject');
    for (const [i, name] of [[1, 'What_Id'], [2, 'What_Id'], [3, 'Who_Id'], [4, 'Due_Date']] as const) {
      assert.equal(res.json.data[i].code, 'INVALID_DATA');
      assert.equal(res.json.data[i].details.api_name, name);
    }
  });
});
