import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { isPermanent } from '@panda2zoho/kafka';
import { assessCapture } from './sql-server-capture-assessment.ts';
import { collectSqlServerInventory } from './sql-server-inventory.ts';
import { RecordedInventoryQueries } from './sql-server-inventory-queries.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../../../test-fixtures/sql-server-inventory/${name}.json`, import.meta.url));

test('Express without VIEW SERVER STATE: every online user database, agent unknown, Change Tracking recommended, size warned', async () => {
  const inventory = await collectSqlServerInventory(RecordedInventoryQueries.fromFile(fixture('express-two-locations')));
  assert.deepEqual(inventory.server, { edition: 'Express Edition (64-bit)', engineEdition: 4, productVersion: '16.0.4135.4' });
  assert.deepEqual(inventory.agent, { state: 'unknown', reason: 'sys.dm_server_services needs VIEW SERVER STATE' });
  assert.deepEqual(inventory.databases.map((d) => d.name), ['PANDA_Loc1', 'PANDA_Loc2'], 'the offline database is left out');
  const [loc1] = inventory.databases;
  assert.deepEqual(loc1?.changeTracking, { enabled: true, retention: '2 days', autoCleanup: true });
  const patients = loc1?.tables.find((t) => t.name === 'Patients');
  assert.equal(patients?.rows, 1250);
  assert.deepEqual(patients?.primaryKey, ['PatientID']);
  assert.equal(patients?.columns.find((c) => c.name === 'Zip')?.type, 'nvarchar(10)');
  assert.equal(patients?.columns.find((c) => c.name === 'Photo')?.type, 'varbinary(max)');
  assert.equal(patients?.columns.find((c) => c.name === 'CreatedAt')?.type, 'datetime2(3)');

  const assessment = assessCapture(inventory);
  assert.equal(assessment.recommendation, 'CHANGE_TRACKING');
  assert.equal(assessment.cdcPossible, false, 'Express has no CDC, whatever the Agent does');
  assert.ok(assessment.conclusions.some((c) => c.startsWith('use Change Tracking: this edition has no CDC')));
  assert.deepEqual(assessment.warnings, [
    'PANDA_Loc1: tables without Change Tracking: Appointments, OpenDentalBridge, Providers (ALTER TABLE dbo.<table> ENABLE CHANGE_TRACKING)',
    "PANDA_Loc1: data files use 8.6 GB of the 10.0 GB Express limit; Change Tracking's side tables grow it further",
    'PANDA_Loc2: Change Tracking is off (ALTER DATABASE [PANDA_Loc2] SET CHANGE_TRACKING = ON (CHANGE_RETENTION = 2 DAYS, AUTO_CLEANUP = ON))',
    'PANDA_Loc2: snapshot isolation is OFF; Change Tracking reads need it (ALTER DATABASE [PANDA_Loc2] SET ALLOW_SNAPSHOT_ISOLATION ON)',
    'PANDA_Loc2: no primary key, so neither Change Tracking nor a stable source key: dbo.ImportLog',
  ]);
});

test('Developer with the Agent running: CDC possible; the connection’s own database only', async () => {
  const inventory = await collectSqlServerInventory(RecordedInventoryQueries.fromFile(fixture('developer-agent-running')));
  assert.deepEqual(inventory.databases.map((d) => d.name), ['PANDA_Main']);
  assert.deepEqual(inventory.agent, { state: 'running' });
  const assessment = assessCapture(inventory);
  assert.equal(assessment.recommendation, 'CDC');
  assert.ok(assessment.conclusions.includes('PANDA_Main: CDC is enabled'));
  assert.ok(assessment.conclusions.some((c) => c.startsWith('CDC possible')));
});

test('named databases are inventoried; a missing permission other than VIEW SERVER STATE is a permanent error', async () => {
  const queries = RecordedInventoryQueries.fromFile(fixture('express-two-locations'));
  const inventory = await collectSqlServerInventory(queries, { databases: ['panda_loc2'] });
  assert.deepEqual(inventory.databases.map((d) => d.name), ['PANDA_Loc2']);
  const denied = new RecordedInventoryQueries({ server: [{ edition: 'Standard Edition', engineEdition: 2, currentDatabase: 'P' }], services: [], databases: { $error: { number: 229 } } });
  await assert.rejects(collectSqlServerInventory(denied), (e: unknown) => isPermanent(e) && e.code === 'PERMISSION_DENIED');
});

test('Standard edition with the Agent stopped: Change Tracking, and why', async () => {
  const queries = new RecordedInventoryQueries({
    server: [{ edition: 'Standard Edition (64-bit)', engineEdition: 2, productVersion: '15.0', currentDatabase: 'master' }],
    services: [{ serviceName: 'SQL Server Agent (MSSQLSERVER)', status: 'Stopped' }],
    databases: [],
  });
  const assessment = assessCapture(await collectSqlServerInventory(queries));
  assert.equal(assessment.cdcPossible, false);
  assert.ok(assessment.conclusions.some((c) => c.startsWith('use Change Tracking: SQL Server Agent does not run')));
});

test('given the tables the extractor polls, only they are checked for Change Tracking', async () => {
  const inventory = await collectSqlServerInventory(RecordedInventoryQueries.fromFile(fixture('express-two-locations')));
  const assessment = assessCapture(inventory, ['Providers', 'Patients', 'PerioExams']);
  assert.equal(assessment.warnings[0], 'PANDA_Loc1: migrated tables without Change Tracking: Providers (ALTER TABLE dbo.<table> ENABLE CHANGE_TRACKING)');
});
