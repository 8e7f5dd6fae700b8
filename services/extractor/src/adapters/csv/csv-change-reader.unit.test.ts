import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { applyTableMap, REFERENCE_TABLES } from '@panda2zoho/panda-model';
import { readCsvExport, type CsvReadItem } from './csv-change-reader.ts';
import { detectCsvDelimiter } from './csv-delimiter.ts';

const root = mkdtempSync(path.join(tmpdir(), 'p2z-csv-'));
after(() => rmSync(root, { recursive: true, force: true }));

let folders = 0;
/** Writes an export folder from { 'PANDA_Loc1/Patients.csv': content }. */
function exportFolder(files: Record<string, Buffer | string>): string {
  const folder = path.join(root, `export${folders++}`);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
    writeFileSync(path.join(folder, name), content);
  }
  return folder;
}

async function read(folder: string, tables = REFERENCE_TABLES): Promise<CsvReadItem[]> {
  const items: CsvReadItem[] = [];
  for await (const item of readCsvExport({ folder, tables })) items.push(item);
  return items;
}

/** One line per item: changes by key and position, problems and notices by code and position. */
const show = (items: CsvReadItem[]) =>
  items.map((i) => (i.kind === 'change' ? `${i.change.sourceKey} @${i.change.sourcePosition}` : `${i.kind === 'notice' ? 'notice' : 'problem'} ${i.code} @${i.position}`));
const changes = (items: CsvReadItem[]) => items.flatMap((i) => (i.kind === 'change' ? [i.change] : []));
const reasons = (items: CsvReadItem[]) => items.flatMap((i) => (i.kind === 'change' ? [] : [i.reason]));
const latin1 = (text: string) => Buffer.from(text, 'latin1'); // é ñ ë: the same single bytes in Windows-1252

test('UTF-8 with BOM, RFC 4180 quotes with embedded line breaks and doubled quotes; positions are file:line', async () => {
  const csv =
    '\uFEFFPatientID,FirstName,LastName,BirthDate,Address1,ModifiedAt\r\n' +
    '1001,Ana,Núñez,1961-04-02,"12 Elm St\r\nApt 4",2024-07-01 09:00:00.000\r\n' +
    '1002,Bo,"O""Brien",1935-01-01,,\r\n' +
    '\r\n' +
    '1003,Cy,Smith,,"line1\nline2\nline3",\r\n' +
    '1004,Di,Lee,,,';
  const items = await read(exportFolder({ 'PANDA_Loc1/Patients.csv': csv }));
  const at = 'PANDA_Loc1/Patients.csv';
  assert.deepEqual(show(items), [`notice FILE_FORMAT @${at}:1`, `notice MISSING_COLUMNS @${at}:1`, `1001 @${at}:2`, `1002 @${at}:4`, `1003 @${at}:6`, `1004 @${at}:9`]);
  assert.equal(reasons(items)[0], `${at}: utf-8-bom, delimiter ,, 6 columns`);
  const [ana, bo] = changes(items);
  assert.equal(ana?.fields?.['patientId'], 1001, 'the BOM is not part of the first column name');
  assert.equal(ana?.fields?.['lastName'], 'Núñez');
  assert.equal(ana?.fields?.['addressLine1'], '12 Elm St\r\nApt 4');
  assert.equal(ana?.fields?.['dateOfBirth'], '1961-04-02');
  assert.equal(ana?.fields?.['modifiedAt'], '2024-07-01T09:00:00.000');
  assert.equal(ana?.fields?.['email'], null, 'a column absent from the file reads as null');
  assert.equal(bo?.fields?.['lastName'], 'O"Brien', 'a doubled quote is one quote');
  assert.equal(bo?.fields?.['addressLine1'], null, 'empty → null');
  assert.deepEqual(
    [ana?.entity, ana?.locationId, ana?.sourceSystem, ana?.sourceTable, ana?.operation, ana?.sourceCommittedAtMs],
    ['patient', 'PANDA_Loc1', 'CSV_EXPORT', 'dbo.Patients', 'UPSERT', null],
  );
});

test('Windows-1252 (é, ñ as single bytes) with semicolons and a quoted delimiter: detected and decoded', async () => {
  const text = 'PatientID;FirstName;LastName;City\r\n1;José;Peña;Montréal\r\n2;"Zoë; Jr";Muñoz;\r\n';
  const items = await read(exportFolder({ 'PANDA_Loc2/Patients.csv': latin1(text) }));
  assert.match(reasons(items)[0]!, /windows-1252, delimiter ;, 4 columns/);
  assert.deepEqual(changes(items).map((c) => [c.fields?.['firstName'], c.fields?.['lastName'], c.fields?.['city']]), [
    ['José', 'Peña', 'Montréal'],
    ['Zoë; Jr', 'Muñoz', null],
  ]);
});

test('broken rows in the middle are problems naming file, line and column, never the value; the next rows still come', async () => {
  const csv = [
    'ExamID|Tooth|Site|ProbingDepth|GingivalMargin|Bleeding|Suppuration|Plaque',
    '77|3|MB|4|-1|Y||',
    '77|3|DB|4|-1', // too few values
    '77|3|B|deep-pocket|0|N||', // not an integer
    '77||L|2|0|N||', // key part empty
    '77|3|"M|L"|2|0|N||', // quoted delimiter: one value
    '77|4|MB|3|0|N|N|N',
  ].join('\n');
  const items = await read(exportFolder({ 'PANDA_Loc1/PerioSiteMeasurements.csv': csv }));
  const at = 'PANDA_Loc1/PerioSiteMeasurements.csv';
  assert.deepEqual(show(items), [
    `notice FILE_FORMAT @${at}:1`,
    `77|3|MB @${at}:2`,
    `problem WRONG_COLUMN_COUNT @${at}:3`,
    `problem UNREADABLE_VALUE @${at}:4`,
    `problem MISSING_PRIMARY_KEY @${at}:5`,
    `77|3|M|L @${at}:6`,
    `77|4|MB @${at}:7`,
  ]);
  assert.deepEqual(reasons(items).slice(1), [
    `${at} line 3: 5 values, the header has 8`,
    `${at} line 4 column PerioSiteMeasurements.ProbingDepth: not an integer (tinyint)`,
    `${at} line 5 column Tooth: primary key value is empty`,
  ]);
  assert.ok(!reasons(items).some((r) => r.includes('deep-pocket')));
});

test('a quote never closed is malformed from its line on; the rows before it are read', async () => {
  const items = await read(exportFolder({ 'L/ClinicalFlags.csv': 'FlagID,PatientID,FlagText\n1,10,ok\n2,10,"never closed\n3,10,x\n' }));
  assert.deepEqual(show(items).slice(2), ['1 @L/ClinicalFlags.csv:2', 'problem MALFORMED_CSV @L/ClinicalFlags.csv:3']);
});

test('unknown columns are reported once; unknown and non-migrated tables are reported and skipped; names match case-insensitively', async () => {
  const items = await read(
    exportFolder({
      'PANDA_Loc1/patients.CSV': 'patientid,LASTNAME,ShoeSize,Notes2\n1,Ruiz,42,x\n2,Roe,40,y\n',
      'PANDA_Loc1/Invoices.csv': 'InvoiceID\n1\n',
      'PANDA_Loc1/OpenDentalBridge.csv': 'PatientID,PatNum\n1,99\n',
      'PANDA_Loc1/Providers.csv': 'FirstName\nAnn\n',
      'PANDA_Loc1/readme.txt': 'not a table',
    }),
  );
  assert.deepEqual(show(items), [
    'notice UNKNOWN_TABLE @PANDA_Loc1/Invoices.csv',
    'notice NOT_MIGRATED @PANDA_Loc1/OpenDentalBridge.csv',
    'notice FILE_FORMAT @PANDA_Loc1/Providers.csv:1',
    'problem MISSING_KEY_COLUMN @PANDA_Loc1/Providers.csv:1',
    'notice FILE_FORMAT @PANDA_Loc1/patients.CSV:1',
    'notice UNKNOWN_COLUMNS @PANDA_Loc1/patients.CSV:1',
    'notice MISSING_COLUMNS @PANDA_Loc1/patients.CSV:1',
    '1 @PANDA_Loc1/patients.CSV:2',
    '2 @PANDA_Loc1/patients.CSV:3',
  ]);
  assert.equal(reasons(items)[5], 'PANDA_Loc1/patients.CSV: columns not in the model, ignored: ShoeSize, Notes2');
  assert.equal(changes(items)[0]?.fields?.['lastName'], 'Ruiz');
  assert.equal(changes(items)[0]?.sourceTable, 'dbo.Patients');
});

test('a real install’s names come from the table map; UTF-16 (SSMS "Unicode") and tab-separated files read too', async () => {
  const tables = applyTableMap({ tables: { patient: { table: 'tblPatient', columns: { patientId: 'PatNo', lastName: 'PatLName' } } } });
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('PatNo\tPatLName\r\n7\tÅberg\r\n', 'utf16le')]);
  const items = await read(exportFolder({ 'Site A/tblPatient.csv': utf16 }), tables);
  assert.match(reasons(items)[0]!, /utf-16le, delimiter tab/);
  assert.deepEqual(changes(items).map((c) => [c.sourceKey, c.sourceTable, c.fields?.['lastName'], c.locationId]), [['7', 'dbo.tblPatient', 'Åberg', 'Site A']]);
});

test('a folder of CSV files is one database named after the folder', async () => {
  const folder = exportFolder({ 'Providers.csv': 'ProviderID,LastName\n3,Hale\n' });
  const [provider] = changes(await read(folder));
  assert.deepEqual([provider?.locationId, provider?.sourcePosition], [path.basename(folder), 'Providers.csv:2']);
});

test('large files stream: lines stay exact over many quoted multi-line values, and a second read is identical', async () => {
  const rows = Array.from({ length: 20_000 }, (_, i) => `${i + 1},${i + 1},"note ${i}\r\nsecond line",Open`);
  const folder = exportFolder({ 'L/ClinicalFlags.csv': `FlagID,PatientID,FlagText,Status\r\n${rows.join('\r\n')}\r\n` });
  const first = await read(folder);
  const flags = changes(first);
  assert.equal(flags.length, 20_000);
  assert.equal(flags[19_999]?.sourcePosition, `L/ClinicalFlags.csv:${2 + 19_999 * 2}`);
  assert.deepEqual(show(await read(folder)), show(first));
});

test('delimiter detection from the header line', () => {
  assert.equal(detectCsvDelimiter('a,b,c'), ',');
  assert.equal(detectCsvDelimiter('a;b;c'), ';');
  assert.equal(detectCsvDelimiter('a|b|c'), '|');
  assert.equal(detectCsvDelimiter('a\tb\tc'), '\t');
  assert.equal(detectCsvDelimiter('"a,1";"b,2";c'), ';', 'delimiters inside quotes do not count');
  assert.equal(detectCsvDelimiter('PatientID'), ',');
});
