import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { contact, startTestEmulator, toApiResponse, type ApiResponse, type TestEmulator } from './emulator-test-harness.ts';

async function upload(t: TestEmulator, path: string, form: FormData): Promise<ApiResponse> {
  return toApiResponse(await fetch(`${t.url}${path}`, { method: 'POST', headers: { Authorization: `Zoho-oauthtoken ${t.token}` }, body: form }));
}

function fileForm(name: string, bytes: Buffer): FormData {
  const form = new FormData();
  form.append('file', new Blob([bytes]), name);
  return form;
}

describe('attachments', () => {
  let t: TestEmulator;
  let contactId: string;

  beforeEach(async () => {
    t = await startTestEmulator();
    const res = await t.api('POST', '/crm/v8/Contacts', { data: [contact()] });
    contactId = res.json.data[0].details.id as string;
  });
  afterEach(() => t.close());

  it('deletes one attachment; a second delete of it is INVALID_DATA', async () => {
    const res = await upload(t, `/crm/v8/Contacts/${contactId}/Attachments`, fileForm('chart.pdf', Buffer.from('x')));
    const attachmentId = res.json.data[0].details.id as string;
    const deleted = await t.api('DELETE', `/crm/v8/Contacts/${contactId}/Attachments/${attachmentId}`);
    assert.deepEqual([deleted.status, deleted.json.data[0].code, deleted.json.data[0].details.id], [200, 'SUCCESS', attachmentId]);
    assert.equal((await t.api('GET', `/crm/v8/Contacts/${contactId}/Attachments`)).status, 204);
    const again = await t.api('DELETE', `/crm/v8/Contacts/${contactId}/Attachments/${attachmentId}`);
    assert.deepEqual([again.status, again.json.data[0].code], [400, 'INVALID_DATA']);
  });

  it('uploads a file, lists it and downloads the same bytes', async () => {
    const bytes = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x10]);
    const res = await upload(t, `/crm/v8/Contacts/${contactId}/Attachments`, fileForm('chart.pdf', bytes));
    assert.equal(res.status, 200);
    assert.equal(res.json.data[0].code, 'SUCCESS');
    assert.match(res.json.data[0].message, /^attachment uploaded/);
    const attachmentId = res.json.data[0].details.id as string;
    assert.match(attachmentId, /^\d{19}$/);
    assert.ok(res.json.data[0].details.Created_Time);

    const list = await t.api('GET', `/crm/v8/Contacts/${contactId}/Attachments`);
    assert.equal(list.status, 200);
    assert.equal(list.json.data[0].File_Name, 'chart.pdf');
    assert.equal(list.json.data[0].Size, String(bytes.length));
    assert.equal(list.json.data[0].id, attachmentId);

    const download = await fetch(`${t.url}/crm/v8/Contacts/${contactId}/Attachments/${attachmentId}`, { headers: { Authorization: `Zoho-oauthtoken ${t.token}` } });
    assert.equal(download.status, 200);
    assert.deepEqual(Buffer.from(await download.arrayBuffer()), bytes);
    assert.equal(t.emulator.exportState().attachments[0]?.file_name, 'chart.pdf');
  });

  it('accepts an attachmentUrl link instead of a file', async () => {
    const form = new FormData();
    form.append('attachmentUrl', 'https://example.com/x-ray.png');
    const res = await upload(t, `/crm/v8/Contacts/${contactId}/Attachments`, form);
    assert.equal(res.status, 200);
    const list = await t.api('GET', `/crm/v8/Contacts/${contactId}/Attachments`);
    assert.equal(list.json.data[0].$type, 'Link URL');
    assert.equal(list.json.data[0].$link_url, 'https://example.com/x-ray.png');
  });

  it('refuses .exe files, unknown parents and non-multipart bodies', async () => {
    const exe = await upload(t, `/crm/v8/Contacts/${contactId}/Attachments`, fileForm('setup.EXE', Buffer.from('MZ')));
    assert.equal(exe.status, 400);
    assert.equal(exe.json.data[0].status, 'error');
    const unknown = await upload(t, '/crm/v8/Contacts/5725767999999999999/Attachments', fileForm('a.txt', Buffer.from('a')));
    assert.equal(unknown.status, 400);
    assert.equal(unknown.json.code, 'INVALID_DATA');
    const json = await t.api('POST', `/crm/v8/Contacts/${contactId}/Attachments`, { file: 'x' });
    assert.equal(json.status, 400);
    const empty = await t.api('GET', `/crm/v8/Contacts/${contactId}/Attachments`);
    assert.equal(empty.status, 204);
  });
});
