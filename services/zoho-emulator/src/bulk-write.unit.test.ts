import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { parseCsv } from './csv-text.ts';
import { startTestEmulator, toApiResponse, type ApiResponse, type TestEmulator } from './emulator-test-harness.ts';
import { readZip, writeZip } from './zip-archive.ts';

const ZGID = '5725767001';

async function uploadZip(t: TestEmulator, bytes: Buffer, headers: Record<string, string> = { feature: 'bulk-write', 'X-CRM-ORG': ZGID }): Promise<ApiResponse> {
  const form = new FormData();
  form.append('file', new Blob([bytes]), 'contacts.zip');
  return toApiResponse(await fetch(`${t.url}/crm/v8/upload`, { method: 'POST', headers: { Authorization: `Zoho-oauthtoken ${t.token}`, ...headers }, body: form }));
}

async function runJob(t: TestEmulator, body: Record<string, unknown>): Promise<{ job: ApiResponse; states: string[]; result: string[][] }> {
  const created = await t.api('POST', '/crm/bulk/v8/write', body);
  assert.equal(created.status, 201, JSON.stringify(created.json));
  assert.equal(created.json.code, 'SUCCESS');
  const jobId = created.json.details.id as string;
  const states: string[] = [];
  let job: ApiResponse;
  do {
    job = await t.api('GET', `/crm/bulk/v8/write/${jobId}`);
    states.push(job.json.status as string);
  } while (job.json.status !== 'COMPLETED' && states.length < 10);
  const download = await fetch(job.json.result.download_url as string, { headers: { Authorization: `Zoho-oauthtoken ${t.token}` } });
  assert.equal(download.status, 200);
  const [entry] = readZip(Buffer.from(await download.arrayBuffer()));
  assert.ok(entry);
  return { job, states, result: parseCsv(entry.data.toString('utf8')) };
}

describe('bulk write', () => {
  let t: TestEmulator;
  let zgid: string;

  beforeEach(async () => {
    t = await startTestEmulator();
    zgid = (await t.api('GET', '/crm/v8/org')).json.org[0].zgid as string;
  });
  afterEach(() => t.close());

  it('uploads a ZIP, inserts rows with lookups, reports per-row results and charges 500 credits', async () => {
    const account = await t.api('POST', '/crm/v8/Accounts', { data: [{ Account_Name: 'Smile Dental' }] });
    const accountId = account.json.data[0].details.id as string;
    const csv = `Last_Name,Email,Account_Name.id,First_Name\nAlpha,a@x.io,${accountId},Ann\n,b@x.io,,Bob\nGamma,not-an-email,,Cy\nDelta,,9999,Di\n`;
    const upload = await uploadZip(t, writeZip([{ name: 'Contacts.csv', data: Buffer.from(csv) }]), { feature: 'bulk-write', 'X-CRM-ORG': zgid });
    assert.equal(upload.status, 200, JSON.stringify(upload.json));
    assert.equal(upload.json.code, 'FILE_UPLOAD_SUCCESS');

    const before = t.emulator.exportState().credits.used;
    const { job, states, result } = await runJob(t, {
      operation: 'insert',
      resource: [{ type: 'data', module: { api_name: 'Contacts' }, file_id: upload.json.details.file_id, field_mappings: [
        { api_name: 'Last_Name', index: 0 }, { api_name: 'Email', index: 1 }, { api_name: 'Account_Name', index: 2, find_by: 'id' }, { api_name: 'First_Name', index: 3 },
      ] }],
    });
    assert.deepEqual(states, ['ADDED', 'IN PROGRESS', 'COMPLETED']);
    assert.ok(t.emulator.exportState().credits.used - before >= 500);
    const file = job.json.resource[0].file;
    assert.deepEqual([file.added_count, file.updated_count, file.skipped_count, file.total_count], [1, 0, 3, 4]);
    assert.ok((job.json.result.download_url as string).startsWith(t.url));

    assert.deepEqual(result[0], ['Last_Name', 'Email', 'Account_Name.id', 'STATUS', 'RECORD_ID', 'ERRORS']);
    assert.equal(result[1]?.[3], 'added');
    assert.match(result[1]?.[4] ?? '', /^\d{19}$/);
    assert.deepEqual(result.slice(2).map((r) => [r[3], r[5]]), [
      ['skipped', 'MANDATORY_NOT_FOUND-Last_Name'],
      ['skipped', 'INVALID_DATA-Email'],
      ['skipped', 'INVALID_DATA-Account_Name'],
    ]);
    const stored = t.emulator.exportState().modules['Contacts']?.records ?? [];
    assert.equal(stored.length, 1);
    assert.equal((stored[0]?.['Account_Name'] as { id: string }).id, accountId);
  });

  it('upserts on find_by and resolves lookups by name', async () => {
    await t.api('POST', '/crm/v8/Accounts', { data: [{ Account_Name: 'Smile Dental' }] });
    await t.api('POST', '/crm/v8/Contacts', { data: [{ Last_Name: 'Old', Email: 'a@x.io' }] });
    const csv = 'Email;Last_Name;Account_Name.Account_Name\na@x.io;New;Smile Dental\nb@x.io;Fresh;\n';
    const upload = await uploadZip(t, writeZip([{ name: 'c.csv', data: Buffer.from(csv) }]), { feature: 'bulk-write', 'X-CRM-ORG': zgid });
    const { job, result } = await runJob(t, {
      operation: 'upsert',
      resource: [{ type: 'data', module: { api_name: 'Contacts' }, file_id: upload.json.details.file_id, find_by: 'Email', field_mappings: [
        { api_name: 'Email', index: 0 }, { api_name: 'Last_Name', index: 1 }, { api_name: 'Account_Name.Account_Name', index: 2 },
      ] }],
    });
    const file = job.json.resource[0].file;
    assert.deepEqual([file.added_count, file.updated_count, file.skipped_count], [1, 1, 0]);
    assert.deepEqual(result.slice(1).map((r) => r[3]), ['updated', 'added']);
    const contacts = t.emulator.exportState().modules['Contacts']?.records ?? [];
    assert.equal(contacts.find((c) => c['Email'] === 'a@x.io')?.['Last_Name'], 'New');
  });

  it('updates by id, honours ignore_empty and reports unknown ids', async () => {
    const inserted = await t.api('POST', '/crm/v8/Contacts', { data: [{ Last_Name: 'Keep', Email: 'k@x.io' }] });
    const id = inserted.json.data[0].details.id as string;
    const csv = `id,Last_Name,Email\n${id},Renamed,\n5725767999999999999,Ghost,\n`;
    const upload = await uploadZip(t, writeZip([{ name: 'u.csv', data: Buffer.from(csv) }]), { feature: 'bulk-write', 'X-CRM-ORG': zgid });
    const { job, result } = await runJob(t, {
      operation: 'update',
      ignore_empty: true,
      resource: [{ type: 'data', module: { api_name: 'Contacts' }, file_id: upload.json.details.file_id, find_by: 'id', field_mappings: [
        { api_name: 'id', index: 0 }, { api_name: 'Last_Name', index: 1 }, { api_name: 'Email', index: 2 },
      ] }],
    });
    const file = job.json.resource[0].file;
    assert.deepEqual([file.added_count, file.updated_count, file.skipped_count, file.total_count], [0, 1, 1, 2]);
    assert.deepEqual(result.slice(1).map((r) => [r[3], r[5]]), [['updated', ''], ['skipped', 'INVALID_DATA-id']]);
    const contact = (await t.api('GET', `/crm/v8/Contacts/${id}`)).json.data[0];
    assert.equal(contact.Last_Name, 'Renamed');
    assert.equal(contact.Email, 'k@x.io');
  });

  it('rejects non-zip uploads, oversized uploads, bad headers and invalid jobs', async () => {
    const notZip = await uploadZip(t, Buffer.from('Last_Name\nX\n'), { feature: 'bulk-write', 'X-CRM-ORG': zgid });
    assert.equal(notZip.status, 400);
    assert.equal(notZip.json.code, 'INVALID_FILE_FORMAT');
    const big = await uploadZip(t, Buffer.alloc(25 * 1024 * 1024 + 1), { feature: 'bulk-write', 'X-CRM-ORG': zgid });
    assert.equal(big.status, 413);
    assert.equal(big.json.code, 'FILE_TOO_LARGE');
    const noFeature = await uploadZip(t, writeZip([{ name: 'a.csv', data: Buffer.from('a\n') }]), { 'X-CRM-ORG': zgid });
    assert.equal(noFeature.status, 400);
    const badJob = await t.api('POST', '/crm/bulk/v8/write', { operation: 'insert', resource: [{ module: { api_name: 'Contacts' }, file_id: '1', field_mappings: [] }] });
    assert.equal(badJob.status, 400);
    assert.equal(badJob.json.details.api_name, 'file_id');
  });
});
