import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { proposeMapping } from '@panda2zoho/mapping';
import { readProposalSource } from './map-sources.ts';

// A real install's CSV export whose names are not the reference schema's: the proposal must still put
// the patient demographics in the right fields, from the header and the profiled values.
const root = mkdtempSync(path.join(tmpdir(), 'p2z-map-'));
after(() => rmSync(root, { recursive: true, force: true }));

const patients = [
  'PatNo,PatFName,PatLName,Birth_Dt,HomePh,CellPh,EMail,Addr1,City,Zip,SSN,Gender,ShoeSize',
  '1,Ana,Núñez,04/02/1961,(555) 010-2000,555.010.3000,ana@example.test,1 Main St,Springfield,62701,000-00-0001,F,38',
  '2,Bo,"O\'Brien",1935-01-01,555-010-2001,,bo@example.test,2 Oak Ave,Springfield,62702,,M,44',
  '3,Cy,Lee,1990-12-31,+1 555 010 2002,(555) 010-3002,cy.lee@example.test,3 Elm Rd,Shelbyville,62565,000-00-0003,M,',
].join('\r\n');
const bridge = ['PatientID,PatNum,ProvNum,LastSync', '1,88,3,2024-07-01 09:00:00.000'].join('\r\n');

test('map propose on a CSV export with PMS-style headers maps the demographics and excludes SSN and the bridge', async () => {
  mkdirSync(path.join(root, 'PANDA_Main'));
  writeFileSync(path.join(root, 'PANDA_Main', 'PatientList.csv'), patients);
  writeFileSync(path.join(root, 'PANDA_Main', 'OpenDentalBridge.csv'), bridge);
  const source = await readProposalSource({ csv: root });
  const patientTable = source.tables.find((t) => t.name === 'PatientList');
  assert.ok(patientTable?.columns.find((c) => c.name === 'EMail')?.profile, 'the export was profiled');

  const doc = proposeMapping({ source: { kind: 'csv', name: 'x' }, tables: source.tables, targetFields: null });
  const table = doc.tables.find((t) => t.source === 'PatientList')!;
  assert.equal(table.entity, 'patient');
  const fieldOf = (column: string) => table.columns.find((c) => c.source === column);
  const expected: Record<string, string> = {
    PatNo: 'patientId',
    PatFName: 'firstName',
    PatLName: 'lastName',
    Birth_Dt: 'dateOfBirth',
    HomePh: 'homePhone',
    CellPh: 'mobilePhone',
    EMail: 'email',
    Addr1: 'addressLine1',
    City: 'city',
    Zip: 'postalCode',
    Gender: 'sex',
  };
  for (const [column, field] of Object.entries(expected)) {
    assert.equal(fieldOf(column)?.status, 'mapped', column);
    assert.equal(fieldOf(column)?.field, field, column);
  }
  assert.match(fieldOf('EMail')!.reason, /e-mail addresses/);
  assert.match(fieldOf('HomePh')!.reason, /phones/);
  assert.equal(fieldOf('SSN')?.status, 'excluded');
  assert.equal(fieldOf('ShoeSize')?.status, 'unmapped');
  const bridgeTable = doc.tables.find((t) => t.source === 'OpenDentalBridge')!;
  assert.equal(bridgeTable.status, 'excluded');
  assert.ok(bridgeTable.columns.every((c) => c.status === 'excluded'));
  // The file carries shapes, never values.
  const text = JSON.stringify(doc);
  for (const value of ['Ana', 'Núñez', 'ana@example.test', '000-00-0001', '010-2000']) assert.ok(!text.includes(value), `no ${value} in the proposal`);
});
