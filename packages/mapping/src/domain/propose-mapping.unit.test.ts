import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyTableMap, REFERENCE_TABLES } from '@panda2zoho/panda-model';
import { proposeMapping, type TargetField } from './propose-mapping.ts';
import { mappingVersion, parseMapping, toYaml } from './mapping-document.ts';
import { tablesFromInventory, type SourceColumn, type ValueProfile } from './source-shape.ts';
import { tableMapOf } from './table-map-of.ts';
import { RECORD_ID_FIELD, writerWrites } from './zoho-catalogue.ts';

const shares = (s: Partial<ValueProfile['shares']>): ValueProfile => ({
  filled: 100,
  empty: 0,
  distinct: 100,
  distinctCapped: false,
  shares: { email: 0, phone: 0, date: 0, code: 0, integer: 0, decimal: 0, ...s },
});
const text = shares({});
const PROFILES: Record<string, ValueProfile> = {
  PatNo: shares({ integer: 1 }),
  PatFName: text,
  PatLName: text,
  Birth_Dt: shares({ date: 1 }),
  HomePh: shares({ phone: 0.97 }),
  CellPh: shares({ phone: 0.95 }),
  WorkPh: shares({ phone: 0.9 }),
  EMail: shares({ email: 0.98 }),
  Addr1: text,
  Addr2: text,
  City: text,
  St: shares({ code: 1 }),
  Zip: shares({ integer: 0.9 }),
  SocSecNo: shares({ phone: 0 }),
  ShoeSize: shares({ integer: 1 }),
};
const column = (name: string): SourceColumn => ({ name, profile: PROFILES[name]! });

const contactFields: TargetField[] = ['First_Name', 'Last_Name', 'Email', 'Phone', 'Mobile', 'Home_Phone', 'Date_of_Birth', 'Mailing_Street', 'Mailing_City', 'Mailing_State', 'Mailing_Zip'].map((api_name) => ({ api_name, data_type: 'text' }));

function proposeCsvExport() {
  return proposeMapping({
    source: { kind: 'csv', name: 'export' },
    targetFields: { Contacts: contactFields },
    tables: [
      { name: 'tblPatient', rows: 100, columns: Object.keys(PROFILES).map(column) },
      { name: 'OD_Bridge', rows: 100, columns: [{ name: 'PatientID' }, { name: 'PatNum' }, { name: 'ProvNum' }, { name: 'LastSync' }] },
    ],
  });
}

test('a CSV export with names unlike the reference schema: the patient demographics map to the right fields', () => {
  const doc = proposeCsvExport();
  const patients = doc.tables.find((t) => t.source === 'tblPatient');
  assert.equal(patients?.entity, 'patient');
  const mapped = Object.fromEntries(patients!.columns.filter((c) => c.status === 'mapped').map((c) => [c.source, [c.field, c.zoho]]));
  assert.deepEqual(mapped, {
    PatNo: ['patientId', 'Contacts.PANDA_Patient_Key'],
    PatFName: ['firstName', 'Contacts.First_Name'],
    PatLName: ['lastName', 'Contacts.Last_Name'],
    Birth_Dt: ['dateOfBirth', 'Contacts.Date_of_Birth'],
    HomePh: ['homePhone', 'Contacts.Home_Phone'],
    CellPh: ['mobilePhone', 'Contacts.Mobile'],
    WorkPh: ['workPhone', 'Contacts.Phone'],
    EMail: ['email', 'Contacts.Email'],
    Addr1: ['addressLine1', 'Contacts.Mailing_Street'],
    Addr2: ['addressLine2', 'Contacts.Mailing_Street'],
    City: ['city', 'Contacts.Mailing_City'],
    St: ['state', 'Contacts.Mailing_State'],
    Zip: ['postalCode', 'Contacts.Mailing_Zip'],
  });
  for (const c of patients!.columns.filter((c) => c.status === 'mapped')) {
    assert.ok(c.confidence >= 0.5 && c.confidence <= 1, `${c.source} confidence ${c.confidence}`);
    assert.ok(c.reason.length > 0 && !c.reason.includes('\n'), `${c.source} has a one-line reason`);
  }
});

test('SSN and the Open Dental bridge are excluded, the unknown column is listed unmapped, each with why', () => {
  const doc = proposeCsvExport();
  const patients = doc.tables.find((t) => t.source === 'tblPatient')!;
  const ssn = patients.columns.find((c) => c.source === 'SocSecNo')!;
  assert.equal(ssn.status, 'excluded');
  assert.match(ssn.reason, /SSN/);
  const shoe = patients.columns.find((c) => c.source === 'ShoeSize')!;
  assert.equal(shoe.status, 'unmapped');
  assert.match(shoe.reason, /no patient field/);
  const bridge = doc.tables.find((t) => t.source === 'OD_Bridge')!;
  assert.equal(bridge.entity, 'pms_bridge');
  assert.equal(bridge.status, 'excluded');
  assert.ok(bridge.columns.every((c) => c.status === 'excluded' && /Open Dental/.test(c.reason)));
});

test('a target field the org lacks lowers the confidence and says so', () => {
  const doc = proposeMapping({
    source: { kind: 'csv', name: 'export' },
    targetFields: { Contacts: contactFields.filter((f) => f.api_name !== 'Email') },
    tables: [{ name: 'Patients', rows: 1, columns: [column('EMail')] }],
  });
  const email = doc.tables[0]!.columns[0]!;
  assert.equal(email.field, 'email');
  assert.match(email.reason, /the org has no Contacts\.Email/);
  assert.ok(email.confidence < 1);
});

test('values decide between look-alike names: a column named like a phone but holding e-mail addresses is not a phone', () => {
  const doc = proposeMapping({
    source: { kind: 'csv', name: 'x' },
    targetFields: null,
    tables: [{ name: 'Patients', rows: 1, columns: [{ name: 'PatientID' }, { name: 'FirstName' }, { name: 'LastName' }, { name: 'Contact', profile: shares({ email: 0.99 }) }, { name: 'HomePh', profile: shares({ email: 0.95 }) }] }],
  });
  const byName = new Map(doc.tables[0]!.columns.map((c) => [c.source, c]));
  assert.equal(byName.get('Contact')?.field, 'email');
  assert.notEqual(byName.get('HomePh')?.field, 'homePhone');
});

test('deterministic: the same input gives the same file and version; the YAML round-trips to the same version', () => {
  const a = proposeCsvExport();
  const b = proposeCsvExport();
  assert.equal(mappingVersion(a), mappingVersion(b));
  const yaml = toYaml(a);
  assert.equal(yaml, toYaml(b));
  assert.equal(mappingVersion(parseMapping(yaml)), mappingVersion(a));
  assert.ok(yaml.includes(mappingVersion(a)), 'the file names its version in the header comment');
});

test('the confirmed file gives the extractor its table map: the install’s names onto the canonical fields', () => {
  const { map, skipped } = tableMapOf(proposeCsvExport());
  assert.deepEqual(skipped, []);
  const tables = applyTableMap(map);
  const patients = tables.find((t) => t.entity === 'patient')!;
  assert.equal(patients.table, 'tblPatient');
  const columnOf = (field: string) => patients.columns.find((c) => c.field === field)?.column;
  assert.equal(columnOf('firstName'), 'PatFName');
  assert.equal(columnOf('dateOfBirth'), 'Birth_Dt');
  assert.deepEqual(patients.primaryKey, ['PatNo']);
  assert.equal(columnOf('ssn'), 'SSN', 'an excluded column keeps the reference name, so the extractor never reads SocSecNo');
  assert.equal(map.tables?.pms_bridge, undefined, 'the bridge is not migrated: no entry');
});

test('a SQL Server inventory: declared types count, and a type that cannot hold the field lowers the fit', () => {
  const tables = tablesFromInventory({
    source: 'sql-server',
    databases: [
      { tables: [{ schema: 'dbo', name: 'Pt', rows: 10, columns: [{ name: 'PtID', type: 'int' }, { name: 'Birth_Dt', type: 'date' }, { name: 'FName', type: 'nvarchar(40)' }, { name: 'LName', type: 'nvarchar(40)' }, { name: 'HomePh', type: 'varbinary(max)' }] }] },
      { tables: [{ schema: 'dbo', name: 'Pt', rows: 5, columns: [{ name: 'PtID', type: 'int' }, { name: 'CellPh', type: 'varchar(20)' }] }] },
    ],
  });
  assert.equal(tables.length, 1, 'one table across location databases');
  assert.equal(tables[0]!.rows, 15);
  const doc = proposeMapping({ source: { kind: 'inventory', name: 'x' }, targetFields: null, tables });
  const byName = new Map(doc.tables[0]!.columns.map((c) => [c.source, c]));
  assert.equal(doc.tables[0]!.entity, 'patient');
  assert.equal(byName.get('Birth_Dt')?.field, 'dateOfBirth');
  assert.match(byName.get('Birth_Dt')!.reason, /type date fits/);
  assert.equal(byName.get('CellPh')?.field, 'mobilePhone');
  assert.ok((byName.get('HomePh')?.confidence ?? 1) < (byName.get('CellPh')?.confidence ?? 0));
  assert.match(byName.get('HomePh')!.reason, /does not fit/);
});

test('cardinality: a key column whose values repeat is flagged with a low confidence; a short value list fits a code field', () => {
  const repeating: ValueProfile = { ...shares({ integer: 1 }), distinct: 7 };
  const sexes: ValueProfile = { ...shares({ code: 1 }), distinct: 3 };
  const doc = proposeMapping({
    source: { kind: 'csv', name: 'x' },
    targetFields: null,
    tables: [{ name: 'Patients', rows: 100, columns: [{ name: 'PatientID', profile: shares({ integer: 1 }) }, { name: 'ChartNo', profile: repeating }, { name: 'FirstName', profile: text }, { name: 'Gender', profile: sexes }] }],
  });
  const byName = new Map(doc.tables[0]!.columns.map((c) => [c.source, c]));
  assert.match(byName.get('PatientID')!.reason, /every value distinct, like a key/);
  assert.ok(byName.get('ChartNo')!.confidence < 0.75, 'repeating values make a doubtful chart number: the review shows it as low');
  assert.match(byName.get('ChartNo')!.reason, /values repeat \(7 distinct of 100\): not a key/);
  assert.equal(byName.get('Gender')?.field, 'sex');
  assert.match(byName.get('Gender')!.reason, /3 distinct values, like a code list/);
});

test('every Zoho target of the reference proposal is a field the writer writes (per module); a column with no home says so', () => {
  // As referenceMappingDocument() (confirmReferenceMapping, the demo and the pipeline tests) builds it.
  const tables = REFERENCE_TABLES.map((t) => ({ name: t.table, rows: null, columns: t.columns.map((c) => ({ name: c.column })) }));
  const doc = proposeMapping({ source: { kind: 'inventory', name: 'reference PANDA schema' }, tables, targetFields: null });
  const targets = doc.tables.flatMap((t) => t.columns.filter((c) => c.status === 'mapped').map((c) => ({ entity: t.entity, ...c })));
  assert.ok(targets.length > 100);
  for (const c of targets) {
    const [module, field] = c.zoho!.split('.') as [string, string];
    const keptInLedger = c.via === 'key' && field === RECORD_ID_FIELD;
    assert.ok(keptInLedger || writerWrites(module, field), `${c.entity}.${c.field} → ${c.zoho}: the writer never writes it`);
  }
  const homeless = doc.tables.flatMap((t) => t.columns.filter((c) => c.status === 'unmapped').map((c) => ({ entity: t.entity, ...c })));
  for (const c of homeless) assert.match(c.reason, /no Zoho home: /, `${c.entity}.${c.field}`);
  assert.ok(homeless.some((c) => c.field === 'insuranceMemberId'));
  const patient = doc.tables.find((t) => t.entity === 'patient')!;
  const zohoOf = (field: string) => patient.columns.find((c) => c.field === field)?.zoho;
  assert.deepEqual(['homePhone', 'sex', 'status', 'insuranceCarrier'].map(zohoOf), ['Contacts.Home_Phone', 'Contacts.PANDA_Sex', 'Contacts.PANDA_Status', 'Contacts.PANDA_Insurance']);
  // The guarantor's two columns share one field; a dentist's title is the standard Salutation.
  const guarantor = patient.columns.filter((c) => c.field === 'guarantorName' || c.field === 'guarantorRelation');
  assert.deepEqual(guarantor.map((c) => [c.status, c.zoho, c.via]), [['mapped', 'Contacts.PANDA_Guarantor', 'combined'], ['mapped', 'Contacts.PANDA_Guarantor', 'combined']]);
  const title = doc.tables.find((t) => t.entity === 'referring_dentist')!.columns.find((c) => c.field === 'title')!;
  assert.deepEqual([title.status, title.zoho], ['mapped', 'Contacts.Salutation']);
});
