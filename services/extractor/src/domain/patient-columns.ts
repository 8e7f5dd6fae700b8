import type { PatientRow } from '@panda2zoho/events';

/**
 * Which PANDA column feeds which canonical field. PANDA's real table and column names are not public,
 * so this is configuration, not code: a real install's names replace these (the source-capture issue
 * makes it a file). These are the names of our reference schema.
 */
export type PatientColumnMap = { [K in keyof PatientRow]: string };

export const REFERENCE_PATIENT_TABLE = 'Patients';

export const REFERENCE_PATIENT_COLUMNS: PatientColumnMap = {
  patientId: 'PatientID',
  chartNumber: 'ChartNumber',
  firstName: 'FirstName',
  middleName: 'MiddleName',
  lastName: 'LastName',
  preferredName: 'PreferredName',
  dateOfBirth: 'BirthDate',
  sex: 'Sex',
  email: 'Email',
  homePhone: 'HomePhone',
  mobilePhone: 'CellPhone',
  workPhone: 'WorkPhone',
  addressLine1: 'Address1',
  addressLine2: 'Address2',
  city: 'City',
  state: 'State',
  postalCode: 'Zip',
  country: 'Country',
  status: 'Status',
  createdAtMs: 'CreatedAt',
  modifiedAtMs: 'ModifiedAt',
};
