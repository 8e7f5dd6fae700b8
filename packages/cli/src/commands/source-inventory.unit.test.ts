import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { applyTableMap, REFERENCE_TABLES } from '@panda2zoho/panda-model';
import { RecordedInventoryQueries } from '@panda2zoho/extractor/change-tracking';
import { csvInventoryReport, sqlServerInventoryReport } from './source-inventory.ts';
import { formatCsvInventory, formatSqlServerInventory } from './source-inventory-format.ts';
import { mapOntoModel } from './source-inventory-model.ts';

const fixtures = fileURLToPath(new URL('../../../../services/extractor/test-fixtures/', import.meta.url));

test('found tables and columns against the model: known, missing, unknown, excluded, differing types; the bridge is never migrated', () => {
  const coverage = mapOntoModel(
    [
      { name: 'patients', rows: 12, columns: [{ name: 'PATIENTID', type: 'int' }, { name: 'LastName', type: 'nvarchar(60)' }, { name: 'SSN', type: 'nvarchar(11)' }, { name: 'Photo', type: 'varbinary(max)' }] },
      { name: 'OpenDentalBridge', rows: 3, columns: [{ name: 'PatientID' }] },
      { name: 'Appointments', rows: 40, columns: [{ name: 'AppointmentID' }] },
    ],
    REFERENCE_TABLES,
  );
  const patients = coverage.tables.find((t) => t.entity === 'patient');
  assert.equal(patients?.found, 'patients');
  assert.deepEqual(patients?.columns.known, ['PATIENTID', 'LastName']);
  assert.deepEqual(patients?.columns.excluded, ['SSN']);
  assert.deepEqual(patients?.columns.unknown, ['Photo']);
  assert.deepEqual(patients?.columns.typeDiffers, [{ column: 'LastName', model: 'nvarchar(80)', source: 'nvarchar(60)' }]);
  assert.ok(patients?.columns.missing.includes('BirthDate') && !patients.columns.missing.includes('SSN'));
  const bridge = coverage.tables.find((t) => t.entity === 'pms_bridge');
  assert.deepEqual([bridge?.migrate, bridge?.note], [false, 'Open Dental bridge: inventoried, never migrated']);
  assert.deepEqual(coverage.unknownTables.map((t) => t.name), ['Appointments']);
  assert.deepEqual(coverage.summary, { migratedFound: 1, migratedMissing: 12 });
});

test('a table map renames what is matched', () => {
  const tables = applyTableMap({ tables: { patient: { table: 'tblPatient', columns: { patientId: 'PatNo' } } } });
  const coverage = mapOntoModel([{ name: 'tblPatient', rows: 1, columns: [{ name: 'PatNo' }] }], tables);
  assert.deepEqual(coverage.tables.find((t) => t.entity === 'patient')?.columns.known, ['PatNo']);
  assert.deepEqual(coverage.unknownTables, []);
});

test('SQL Server report from recorded catalogue results: conclusions, warnings, coverage per database', async () => {
  const queries = RecordedInventoryQueries.fromFile(`${fixtures}sql-server-inventory/express-two-locations.json`);
  const report = await sqlServerInventoryReport(queries, { target: 'db.local/master', tables: REFERENCE_TABLES });
  assert.equal(report.capture.recommendation, 'CHANGE_TRACKING');
  const loc1 = report.databases[0]!;
  assert.deepEqual(loc1.model.unknownTables.map((t) => t.name), ['Appointments']);
  const patients = loc1.model.tables.find((t) => t.entity === 'patient');
  assert.deepEqual(patients?.columns.typeDiffers, [{ column: 'Zip', model: 'nvarchar(15)', source: 'nvarchar(10)' }]);
  assert.deepEqual(patients?.columns.missing, ['LegacyBirthDateText']);
  assert.deepEqual(patients?.columns.excluded, ['SSN']);
  const text = formatSqlServerInventory(report);
  for (const expected of [
    'SQL Server db.local/master',
    'Capture: Change Tracking poller',
    '  - use Change Tracking: this edition has no CDC (CDC needs Standard, Enterprise or Developer with the Agent running)',
    '  - SQL Server Agent: unknown (sys.dm_server_services needs VIEW SERVER STATE)',
    "  ! PANDA_Loc1: data files use 8.6 GB of the 10.0 GB Express limit; Change Tracking's side tables grow it further",
    'Database PANDA_Loc1: data 8.60 GB, log 0.50 GB, Change Tracking on (2 days), snapshot isolation ON, CDC off',
  ]) {
    assert.ok(text.split('\n').includes(expected), `missing line: ${expected}\n${text}`);
  }
  assert.match(text, /pms_bridge\s+OpenDentalBridge\s+found\s+1210\s+4\/0\/0\s+Open Dental bridge: inventoried, never migrated/);
  assert.match(text, /Appointments\s+48213\s+2/);
});

test('CSV report of the fixture export: per location, files with encoding and delimiter, coverage and profiles', async () => {
  const report = await csvInventoryReport(`${fixtures}csv-export`, REFERENCE_TABLES);
  assert.deepEqual(report.locations.map((l) => [l.database, l.model.summary]), [
    ['PANDA_Loc1', { migratedFound: 2, migratedMissing: 11 }],
    ['PANDA_Loc2', { migratedFound: 1, migratedMissing: 12 }],
  ]);
  const text = formatCsvInventory(report);
  assert.match(text, /PANDA_Loc2\/Patients\.csv\s+Patients\s+windows-1252\s+;\s+2\s+0\s+4/);
  assert.match(text, /Email\s+3\s+1\s+3\s+email 67%/);
  assert.ok(!text.includes('ana@example.test') && !JSON.stringify(report).includes('ana@example.test'), 'no value in the report');
});
