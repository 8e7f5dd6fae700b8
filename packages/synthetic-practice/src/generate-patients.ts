import { tableForEntity } from '@panda2zoho/panda-model';
import { debeziumRowConverter } from './debezium-row.ts';
import { generatePractice } from './generate-practice.ts';
import { resolveSpec, type PracticeSpec } from './practice-spec.ts';

/**
 * A row of the reference PANDA Patients table in the Debezium connector's Avro form, column names as
 * in deploy/sql/panda-reference-schema.sql. The columns the walking skeleton started with are required;
 * the others are optional so hand-built rows stay short (a missing column is null).
 */
export interface PandaPatientRow {
  PatientID: number;
  ChartNumber: string | null;
  FirstName: string | null;
  MiddleName: string | null;
  LastName: string | null;
  PreferredName: string | null;
  /** Days since 1970-01-01, as Debezium encodes DATE. */
  BirthDate: number | null;
  Sex: string | null;
  Email: string | null;
  HomePhone: string | null;
  CellPhone: string | null;
  WorkPhone: string | null;
  Address1: string | null;
  Address2: string | null;
  City: string | null;
  State: string | null;
  Zip: string | null;
  Country: string | null;
  Status: string | null;
  /** Wall-clock epoch ms, as Debezium encodes DATETIME2(3). */
  CreatedAt: number | null;
  ModifiedAt: number | null;
  SSN?: string | null;
  ProviderID?: number | null;
  ReferringDentistID?: number | null;
  GuarantorName?: string | null;
  GuarantorRelation?: string | null;
  InsuranceCarrier?: string | null;
  InsuranceMemberID?: string | null;
  InsuranceGroup?: string | null;
  LegacyBirthDateText?: string | null;
}

export interface GeneratedPatient {
  /** The PANDA database of the patient's location (one database per location). */
  database: string;
  row: PandaPatientRow;
}

/**
 * The practice's patients only, in the connector's Avro form, streamed. Patient ids restart per
 * location, as separate PANDA databases would have them. The same spec gives the same patients as
 * `generatePractice` (each patient draws from its own random stream).
 */
export function* generatePatients(spec: PracticeSpec): Generator<GeneratedPatient> {
  const patients = tableForEntity(resolveSpec(spec).tables, 'patient');
  const toRow = debeziumRowConverter(patients);
  for (const row of generatePractice({ ...spec, entities: ['patient'] })) {
    if (row.after) yield { database: row.database, row: toRow(row.after) as unknown as PandaPatientRow };
  }
}
