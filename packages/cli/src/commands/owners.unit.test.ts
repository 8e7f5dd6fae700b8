import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { parseCsv, writePracticeCsv } from '@panda2zoho/synthetic-practice';
import { proposeOwners } from '@panda2zoho/mapping';
import { ZohoAuth, ZohoClient } from '@panda2zoho/zoho';
import { DEFAULT_CLIENT, startZohoEmulator } from '@panda2zoho/zoho-emulator';
import { readCsvProviders, readOrgUsers } from './owners.ts';

const root = mkdtempSync(path.join(tmpdir(), 'p2z-owners-'));
after(() => rmSync(root, { recursive: true, force: true }));

test('owners propose: the generated practice’s providers against the emulator’s users (e-mail, then name, else default)', async () => {
  writePracticeCsv({ locations: 2, patients: 3, seed: 7, entities: ['provider'] }, root);
  const providers = readCsvProviders(root);
  assert.ok(providers.length >= 6, 'every location’s providers');
  assert.deepEqual([...new Set(providers.map((p) => p.locationId))].sort(), ['PANDA_LOC01', 'PANDA_LOC02'], 'the database folder is the location');
  assert.deepEqual([...new Set(readCsvProviders(root, undefined, { PANDA_LOC01: 'north' }).map((p) => p.locationId))].sort(), ['PANDA_LOC02', 'north']);
  const [first, second] = providers;
  // The org: one user with the first provider's e-mail, one with the second's name but another e-mail.
  const emulator = await startZohoEmulator({
    orgUsers: [
      { id: '900001', first_name: 'Some', last_name: 'One', email: first!.email!.toUpperCase() },
      { id: '900002', first_name: second!.firstName!, last_name: second!.lastName!, email: 'elsewhere@zoho.example' },
      { id: '900003', first_name: 'Gone', last_name: 'User', email: 'gone@zoho.example', status: 'disabled' },
    ],
  });
  try {
    const zoho = new ZohoClient({ auth: new ZohoAuth({ accountsUrl: emulator.url, ...DEFAULT_CLIENT }) });
    const users = await readOrgUsers(zoho);
    assert.deepEqual(users.map((u) => u.id).sort(), ['5725767000000411001', '900001', '900002']);
    const owners = proposeOwners(providers, users);
    assert.equal(owners.default.id, '5725767000000411001', 'the administrator');
    const row = (p: typeof first) => owners.providers.find((o) => o.provider === `${p!.locationId}:provider:${p!.providerId}`)!;
    assert.deepEqual([row(first).user?.id, row(first).match], ['900001', 'email']);
    assert.deepEqual([row(second).user?.id, row(second).match], ['900002', 'name']);
    assert.ok(owners.providers.filter((p) => p.user === null).length >= 1, 'the rest have no user');
  } finally {
    await emulator.close();
  }
  const header = [...parseCsv(readFileSync(path.join(root, 'PANDA_LOC01', 'Providers.csv'), 'utf8').replace(/^\uFEFF/, ''))][0];
  assert.ok(header?.includes('Email'));
});
