import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { REFERENCE_TABLES } from '@panda2zoho/panda-model';
import { readCsvExport } from './csv-change-reader.ts';
import { inventoryCsvExport } from './csv-inventory.ts';
import { ColumnProfiler } from './csv-value-profile.ts';

const folder = fileURLToPath(new URL('../../../test-fixtures/csv-export', import.meta.url));

test('the fixture export: per location and file, rows, columns, encoding and delimiter', async () => {
  const locations = await inventoryCsvExport(folder, REFERENCE_TABLES);
  const shape = locations.map((l) => [l.database, l.files.map((f) => [f.file, f.table, f.encoding, f.delimiter, f.rows, f.badRows, f.columns.length])]);
  assert.deepEqual(shape, [
    [
      'PANDA_Loc1',
      [
        ['PANDA_Loc1/Appointments.csv', null, 'utf-8', '|', 2, 0, 4],
        ['PANDA_Loc1/OpenDentalBridge.csv', 'OpenDentalBridge', 'utf-8', ',', 1, 0, 4],
        ['PANDA_Loc1/Patients.csv', 'Patients', 'utf-8-bom', ',', 4, 0, 10],
        ['PANDA_Loc1/TreatmentProcedures.csv', 'TreatmentProcedures', 'utf-8', ';', 3, 1, 8],
      ],
    ],
    ['PANDA_Loc2', [['PANDA_Loc2/Patients.csv', 'Patients', 'windows-1252', ';', 2, 0, 4]]],
  ]);
});

test('value profiles: shares of e-mail, phone, date and code-like values; distinct counts; no values', async () => {
  const [loc1] = await inventoryCsvExport(folder, REFERENCE_TABLES);
  const patients = loc1?.files.find((f) => f.tableName === 'Patients');
  const profile = (column: string) => patients?.profiles.find((p) => p.column === column);
  assert.deepEqual(profile('Email'), { column: 'Email', filled: 3, empty: 1, distinct: 3, distinctCapped: false, shares: { email: 0.667, phone: 0, date: 0, code: 0, integer: 0, decimal: 0 } });
  assert.equal(profile('CellPhone')?.shares.phone, 1);
  assert.equal(profile('BirthDate')?.shares.date, 1);
  assert.equal(profile('Status')?.shares.code, 1);
  assert.equal(profile('Status')?.distinct, 2);
  assert.equal(profile('PatientID')?.shares.integer, 1);
  assert.ok(!JSON.stringify(patients).includes('Núñez'), 'no value leaves the profiler');
});

test('the same export read as changes: migrated tables only, problems for the broken rows', async () => {
  const codes: string[] = [];
  for await (const item of readCsvExport({ folder, tables: REFERENCE_TABLES })) codes.push(item.kind === 'change' ? `${item.change.entity}` : `${item.kind}:${item.code}`);
  assert.deepEqual(codes, [
    'notice:UNKNOWN_TABLE',
    'notice:NOT_MIGRATED',
    'notice:FILE_FORMAT',
    'notice:UNKNOWN_COLUMNS',
    'notice:MISSING_COLUMNS',
    'patient',
    'patient',
    'unreadable:UNREADABLE_VALUE', // 04/02/1961 is not an ISO date
    'patient',
    'notice:FILE_FORMAT',
    'unreadable:UNREADABLE_VALUE', // 225,00: a decimal comma
    'treatment_procedure',
    'unreadable:WRONG_COLUMN_COUNT',
    'notice:FILE_FORMAT',
    'notice:MISSING_COLUMNS',
    'patient',
    'patient',
  ]);
});

test('the distinct count stops at its cap', () => {
  const profiler = new ColumnProfiler('ChartNumber');
  for (let i = 0; i < 1500; i++) profiler.add(`C-${i}`);
  assert.deepEqual([profiler.profile().distinct, profiler.profile().distinctCapped, profiler.profile().filled], [1000, true, 1500]);
});
