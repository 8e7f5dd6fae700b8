import assert from 'node:assert/strict';
import { test } from 'node:test';
import mssql from 'mssql';
import { REFERENCE_TABLES, sqlTypeName, tableForEntity, type TableDefinition } from '@panda2zoho/panda-model';
import type { ChangeOrProblem } from '../../domain/canonical-change.ts';
import { InMemoryCheckpointStore } from './checkpoint-store.ts';
import { quoteName } from './change-tracking-sql.ts';
import { ChangeTrackingPoller } from './change-tracking-poller.ts';
import { MssqlChangeTrackingSource } from './mssql-change-tracking-source.ts';
import { mssqlConfigFromUrl } from './mssql-connection.ts';
import { RecordedChangeTrackingSource, RecordingChangeTrackingSource, type ChangeTrackingRecording } from './recorded-change-tracking-source.ts';
import { parseRecordedJson } from './recorded-values.ts';

// Against a real SQL Server (any edition, Express included): MSSQL_URL=mssql://sa:…@host:1433?encrypt=false
// The login needs CREATE DATABASE: the test works in a scratch database it drops afterwards.
const url = process.env['MSSQL_URL'];
if (!url) console.log('# mssql Change Tracking integration test skipped: MSSQL_URL not set');
const database = `p2z_ct_${Date.now().toString(36)}`;

const patients = tableForEntity(REFERENCE_TABLES, 'patient');
const sites = tableForEntity(REFERENCE_TABLES, 'perio_site');

function createTableSql(table: TableDefinition): string {
  const columns = table.columns.map((c) => `${quoteName(c.column)} ${sqlTypeName(c.type)} ${c.nullable ? 'NULL' : 'NOT NULL'}`);
  return `CREATE TABLE dbo.${quoteName(table.table)} (${columns.join(', ')}, PRIMARY KEY (${table.primaryKey.map(quoteName).join(', ')}));
ALTER TABLE dbo.${quoteName(table.table)} ENABLE CHANGE_TRACKING WITH (TRACK_COLUMNS_UPDATED = OFF);`;
}

const summary = (items: ChangeOrProblem[]) =>
  items.map((i) => (i.kind === 'change' ? `${i.change.operation} ${i.change.sourceKey}` : `problem ${i.code}`));

async function withScratchDatabase(run: (scratch: mssql.ConnectionPool) => Promise<void>): Promise<void> {
  const admin = await new mssql.ConnectionPool(mssqlConfigFromUrl(url!)).connect();
  try {
    await admin.request().batch(`CREATE DATABASE ${quoteName(database)};
ALTER DATABASE ${quoteName(database)} SET ALLOW_SNAPSHOT_ISOLATION ON;
ALTER DATABASE ${quoteName(database)} SET CHANGE_TRACKING = ON (CHANGE_RETENTION = 2 DAYS, AUTO_CLEANUP = ON);`);
    const scratch = await new mssql.ConnectionPool({ ...mssqlConfigFromUrl(url!), database }).connect();
    try {
      await scratch.request().batch(createTableSql(patients));
      await scratch.request().batch(createTableSql(sites));
      await run(scratch);
    } finally {
      await scratch.close();
    }
  } finally {
    await admin.request().batch(`IF DB_ID(N'${database}') IS NOT NULL BEGIN ALTER DATABASE ${quoteName(database)} SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE ${quoteName(database)}; END`);
    await admin.close();
  }
}

test('Change Tracking against SQL Server: initial load, then inserts, updates and deletes as canonical changes; the recording replays the same', { skip: !url && 'MSSQL_URL not set', timeout: 180_000 }, async () => {
  await withScratchDatabase(async (scratch) => {
    const source = new RecordingChangeTrackingSource(await MssqlChangeTrackingSource.connect(url!, { database }));
    try {
      await scenario(scratch, source);
    } finally {
      await source.close();
    }
  });
});

async function scenario(scratch: mssql.ConnectionPool, source: RecordingChangeTrackingSource): Promise<void> {
  await scratch.request().batch(`INSERT INTO dbo.Patients (PatientID, FirstName, LastName, BirthDate, SSN, CreatedAt) VALUES
    (1, N'Ana', N'Núñez', '1961-04-02', '000-00-0001', '2019-03-05T14:30:00.123'), (2, N'Bo', N'O''Brien', '1935-01-01', NULL, NULL);
  INSERT INTO dbo.PerioSiteMeasurements (ExamID, Tooth, Site, ProbingDepth, GingivalMargin) VALUES (9, '3', 'MB', 4, -1), (9, '3', 'DB', 3, 0);`);
  const checkpoints = new InMemoryCheckpointStore();
  const poller = new ChangeTrackingPoller({ source, checkpoints, locationId: database, tables: [patients, sites] });
  const pass = async () => {
    const items: ChangeOrProblem[] = [];
    for await (const batch of poller.poll()) {
      items.push(...batch.items);
      await batch.commit();
    }
    return items;
  };

  const initial = await pass();
  assert.deepEqual(summary(initial), ['UPSERT 1', 'UPSERT 2', 'UPSERT 9|3|DB', 'UPSERT 9|3|MB']);
  const ana = initial[0]!;
  assert.ok(ana.kind === 'change');
  assert.equal(ana.change.fields?.['dateOfBirth'], '1961-04-02');
  assert.equal(ana.change.fields?.['createdAt'], '2019-03-05T14:30:00.123');
  assert.equal(ana.change.fields?.['lastName'], 'Núñez');
  assert.ok(!('ssn' in (ana.change.fields ?? {})));

  await scratch.request().batch(`UPDATE dbo.Patients SET Email = N'ana@example.test' WHERE PatientID = 1;
    INSERT INTO dbo.Patients (PatientID, LastName) VALUES (3, N'Lee');
    DELETE FROM dbo.Patients WHERE PatientID = 2;
    DELETE FROM dbo.PerioSiteMeasurements WHERE ExamID = 9 AND Tooth = '3' AND Site = 'MB';`);
  const changes = await pass();
  assert.deepEqual(summary(changes), ['UPSERT 1', 'UPSERT 3', 'DELETE 2', 'DELETE 9|3|MB']);
  assert.ok(changes[0]!.kind === 'change' && changes[0]!.change.fields?.['email'] === 'ana@example.test');
  assert.ok(changes[2]!.kind === 'change' && changes[2]!.change.fields === null);
  assert.deepEqual(await pass(), [], 'nothing new');

  // The fake cannot drift from the driver: what was recorded replays into the same changes.
  const recording = parseRecordedJson(JSON.stringify(source.recording())) as ChangeTrackingRecording;
  const replay = new ChangeTrackingPoller({ source: new RecordedChangeTrackingSource(recording), checkpoints: new InMemoryCheckpointStore(), locationId: database, tables: [patients, sites] });
  const replayed: ChangeOrProblem[] = [];
  for (let i = 0; i < 3; i++) {
    for await (const batch of replay.poll()) {
      replayed.push(...batch.items);
      await batch.commit();
    }
  }
  assert.deepEqual(replayed, [...initial, ...changes]);
}
