import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { callApi, contact, startTestEmulator } from './emulator-test-harness.ts';
import { startZohoEmulator } from './index.ts';

describe('SQLite persistence', () => {
  it('keeps records, custom fields, credits and tokens across a restart on the same file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'zoho-emulator-'));
    const dbPath = join(dir, 'zoho.sqlite');
    try {
      const first = await startTestEmulator({ dbPath });
      const field = await first.api('POST', '/crm/v8/settings/fields?module=Contacts', {
        fields: [{ field_label: 'PANDA Patient Key', data_type: 'text', length: 64, unique: { case_sensitive: false } }],
      });
      assert.equal(field.status, 201);
      const inserted = await first.api('POST', '/crm/v8/Contacts', { data: [contact({ PANDA_Patient_Key: 'P-1', Last_Name: 'Persisted' })] });
      const id = inserted.json.data[0].details.id as string;
      const before = first.emulator.exportState();
      await first.close();

      const second = await startZohoEmulator({ dbPath });
      try {
        const after = second.exportState();
        assert.deepEqual(after.modules['Contacts']?.records, before.modules['Contacts']?.records);
        assert.ok(after.modules['Contacts']?.fields.some((f) => f.api_name === 'PANDA_Patient_Key' && f.unique?.casesensitive === false));
        assert.equal(after.credits.used, before.credits.used);
        assert.deepEqual(after.writes, before.writes);

        // The token issued before the restart is still honoured.
        const read = await callApi(second.url, first.token, 'GET', `/crm/v8/Contacts/${id}`);
        assert.equal(read.status, 200);
        assert.equal(read.json.data[0].Last_Name, 'Persisted');
        // The unique index survived too, and new ids do not collide with old ones.
        const dup = await callApi(second.url, first.token, 'POST', '/crm/v8/Contacts', { data: [contact({ PANDA_Patient_Key: 'P-1' }), contact()] });
        assert.equal(dup.json.data[0].code, 'DUPLICATE_DATA');
        assert.equal(dup.json.data[1].code, 'SUCCESS');
        assert.notEqual(dup.json.data[1].details.id, id);
        assert.ok(BigInt(dup.json.data[1].details.id) > BigInt(id));
      } finally {
        await second.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('starts from a fresh org after POST /__emulator/reset', async () => {
    const t = await startTestEmulator();
    try {
      await t.api('POST', '/crm/v8/Contacts', { data: [contact()] });
      const reset = await fetch(`${t.url}/__emulator/reset`, { method: 'POST' });
      assert.equal(reset.status, 200);
      const state = (await (await fetch(`${t.url}/__emulator/state`)).json()) as ReturnType<typeof t.emulator.exportState>;
      assert.equal(state.modules['Contacts']?.records.length, 0);
      assert.equal(state.credits.used, 0);
      // tokens survive a reset
      assert.equal((await t.api('GET', '/crm/v8/org')).status, 200);
    } finally {
      await t.close();
    }
  });

  it('adds standard modules introduced later (Notes, Deals, Tasks) to a file from an older run', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'zoho-emulator-'));
    const dbPath = join(dir, 'zoho.sqlite');
    try {
      const first = await startZohoEmulator({ dbPath });
      await first.close();
      const db = new Database(dbPath);
      db.prepare("DELETE FROM fields WHERE module IN ('Notes', 'Deals', 'Tasks')").run();
      db.prepare("DELETE FROM modules WHERE api_name IN ('Notes', 'Deals', 'Tasks')").run();
      db.close();

      const second = await startZohoEmulator({ dbPath });
      try {
        const state = second.exportState();
        assert.ok(state.modules['Notes'] && state.modules['Tasks']);
        const accountLookup = state.modules['Deals']?.fields.find((f) => f.api_name === 'Account_Name');
        assert.equal(accountLookup?.lookup?.module.id, state.modules['Accounts']?.id);
      } finally {
        await second.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
