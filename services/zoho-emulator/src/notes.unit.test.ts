import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { contact, startTestEmulator, type TestEmulator } from './emulator-test-harness.ts';

async function createContact(t: TestEmulator): Promise<string> {
  const res = await t.api('POST', '/crm/v8/Contacts', { data: [contact({ First_Name: 'Ada' })] });
  assert.equal(res.status, 201);
  return res.json.data[0].details.id as string;
}

function note(parentId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { Note_Title: 'Perio chart', Note_Content: 'Pockets 4 mm', Parent_Id: { module: { api_name: 'Contacts' }, id: parentId }, ...overrides };
}

describe('notes', () => {
  let t: TestEmulator;

  beforeEach(async () => {
    t = await startTestEmulator();
  });
  afterEach(() => t.close());

  it('creates notes via POST /Notes with positional results and lists them under the parent', async () => {
    const contactId = await createContact(t);
    const res = await t.api('POST', '/crm/v8/Notes', { data: [note(contactId), note(contactId, { Note_Title: 'Second' })] });
    assert.equal(res.status, 201);
    assert.deepEqual(res.json.data.map((d: { code: string }) => d.code), ['SUCCESS', 'SUCCESS']);
    assert.match(res.json.data[0].details.id, /^\d{19}$/);

    const related = await t.api('GET', `/crm/v8/Contacts/${contactId}/Notes?fields=Note_Title,Note_Content,Parent_Id`);
    assert.equal(related.status, 200);
    assert.equal(related.json.data.length, 2);
    assert.equal(related.json.data[0].Parent_Id.id, contactId);
    assert.equal(related.json.data[0].Parent_Id.module.api_name, 'Contacts');
    assert.equal(related.json.data[0].Parent_Id.name, 'Ada Example');

    const all = await t.api('GET', '/crm/v8/Notes?fields=Note_Title');
    assert.equal(all.status, 200);
    assert.equal(all.json.data.length, 2);
    assert.equal(t.emulator.exportState().modules['Notes']?.records.length, 2);
  });

  it('reports per-item MANDATORY_NOT_FOUND and INVALID_DATA (Parent_Id) with 207', async () => {
    const contactId = await createContact(t);
    const res = await t.api('POST', '/crm/v8/Notes', {
      data: [note(contactId), note(contactId, { Note_Content: '' }), note('5725767999999999999')],
    });
    assert.equal(res.status, 207);
    assert.equal(res.json.data[0].code, 'SUCCESS');
    assert.equal(res.json.data[1].code, 'MANDATORY_NOT_FOUND');
    assert.equal(res.json.data[1].details.api_name, 'Note_Content');
    assert.equal(res.json.data[2].code, 'INVALID_DATA');
    assert.equal(res.json.data[2].details.api_name, 'Parent_Id');
  });

  it('fills Parent_Id from the path on POST /{Module}/{id}/Notes and rejects an unknown parent', async () => {
    const contactId = await createContact(t);
    const res = await t.api('POST', `/crm/v8/Contacts/${contactId}/Notes`, { data: [{ Note_Content: 'from path' }] });
    assert.equal(res.status, 201);
    const related = await t.api('GET', `/crm/v8/Contacts/${contactId}/Notes`);
    assert.equal(related.json.data[0].Note_Content, 'from path');

    const missing = await t.api('POST', '/crm/v8/Contacts/5725767999999999999/Notes', { data: [{ Note_Content: 'x' }] });
    assert.equal(missing.status, 400);
    assert.equal(missing.json.code, 'INVALID_DATA');
    const allFailed = await t.api('POST', '/crm/v8/Notes', { data: [{ Note_Content: 'no parent' }] });
    assert.equal(allFailed.status, 400);
    assert.equal(allFailed.json.data[0].details.api_name, 'Parent_Id');
  });

  it('caps a call at 100 notes and charges 1 credit per 10', async () => {
    const contactId = await createContact(t);
    const tooMany = await t.api('POST', '/crm/v8/Notes', { data: Array.from({ length: 101 }, () => note(contactId)) });
    assert.equal(tooMany.status, 400);
    assert.equal(tooMany.json.data[0].code, 'LIMIT_EXCEEDED');
    const before = t.emulator.exportState().credits.used;
    const ok = await t.api('POST', `/crm/v8/Contacts/${contactId}/Notes`, { data: Array.from({ length: 25 }, () => ({ Note_Content: 'n' })) });
    assert.equal(ok.status, 201);
    assert.equal(t.emulator.exportState().credits.used - before, 3);
  });
});
