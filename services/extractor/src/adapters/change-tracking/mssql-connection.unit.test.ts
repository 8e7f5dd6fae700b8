import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPermanent } from '@panda2zoho/kafka';
import { describeMssqlTarget, mssqlConfigFromUrl } from './mssql-connection.ts';

test('mssql:// URLs: credentials decoded, TLS options from the query, wall-clock dates read as UTC', () => {
  const config = mssqlConfigFromUrl('mssql://p2z%40reader:s%3Bcret@db.local:1433/PANDA_Loc1?encrypt=false&trustServerCertificate=true&instanceName=SQLEXPRESS');
  assert.equal(config.server, 'db.local');
  assert.equal(config.port, 1433);
  assert.equal(config.user, 'p2z@reader');
  assert.equal(config.password, 's;cret');
  assert.equal(config.database, 'PANDA_Loc1');
  assert.equal(config.options?.encrypt, false);
  assert.equal(config.options?.trustServerCertificate, true);
  assert.equal(config.options?.instanceName, 'SQLEXPRESS');
  assert.equal(config.options?.useUTC, true);
  assert.equal(describeMssqlTarget(config), 'db.local\\SQLEXPRESS:1433/PANDA_Loc1');
  assert.ok(!describeMssqlTarget(config).includes('cret'));
});

test('ADO.NET connection strings, as SSMS shows them', () => {
  const config = mssqlConfigFromUrl('Server=localhost,1433;Database=PANDA_Loc2;User Id=sa;Password=x;Encrypt=false;TrustServerCertificate=true');
  assert.equal(config.server, 'localhost');
  assert.equal(config.port, 1433);
  assert.equal(config.database, 'PANDA_Loc2');
  assert.equal(config.options?.useUTC, true);
});

test('a malformed URL is a permanent error that does not echo it', () => {
  assert.throws(() => mssqlConfigFromUrl('mssql://sa:secret@[bad'), (e: unknown) => isPermanent(e) && !e.message.includes('secret'));
});
