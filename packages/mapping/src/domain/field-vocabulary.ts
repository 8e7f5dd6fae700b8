import type { ColumnDefinition, EntityName, SqlType } from '@panda2zoho/panda-model';
import { nameTokens } from './name-tokens.ts';

/** What a field's values look like; matched against a column's SQL type and value profile. */
export type ValueKind = 'email' | 'phone' | 'date' | 'code' | 'integer' | 'decimal' | 'boolean' | 'binary' | 'text';

export interface ZohoTarget {
  module: string;
  /** Zoho field api name. */
  field: string;
  /** How the value gets there when it is not one field to one field. */
  via?: 'lookup' | 'combined' | 'key' | 'attachment';
}

/**
 * The dental/CRM synonym dictionary: per entity and canonical field, phrases (beside the field's own
 * name and the reference column's) that real installs and exports use.
 */
const SYNONYMS: Partial<Record<EntityName, Record<string, string[]>>> = {
  patient: {
    patientId: ['patient id', 'patient number', 'id', 'account number', 'pat num'],
    chartNumber: ['chart', 'chart number', 'chart id', 'mrn', 'medical record number', 'record number'],
    firstName: ['first name', 'given name', 'forename', 'first'],
    middleName: ['middle name', 'middle initial', 'middle'],
    lastName: ['last name', 'surname', 'family name', 'last'],
    preferredName: ['preferred name', 'nickname', 'nick name', 'goes by'],
    dateOfBirth: ['birth date', 'date of birth', 'born', 'birth'],
    sex: ['sex', 'gender'],
    email: ['email', 'email address', 'e mail'],
    homePhone: ['home phone', 'home', 'phone', 'phone number', 'home number', 'primary phone'],
    mobilePhone: ['mobile phone', 'mobile', 'cell phone', 'mobile number', 'wireless phone', 'text number'],
    workPhone: ['work phone', 'work', 'business phone', 'office phone', 'work number'],
    addressLine1: ['address', 'address 1', 'street', 'street address', 'address line 1', 'mailing address'],
    addressLine2: ['address 2', 'address line 2', 'suite', 'apartment'],
    city: ['city', 'town'],
    state: ['state', 'province', 'region'],
    postalCode: ['postal code', 'zip', 'post code'],
    country: ['country', 'nation'],
    ssn: ['ssn', 'social security number', 'social security', 'social'],
    status: ['status', 'patient status', 'active'],
    providerId: ['provider id', 'provider', 'doctor', 'doctor id', 'clinician'],
    referringDentistId: ['referring dentist id', 'referring dentist', 'referring doctor', 'referred by'],
    guarantorName: ['guarantor', 'guarantor name', 'responsible party'],
    guarantorRelation: ['guarantor relation', 'relationship', 'guarantor relationship'],
    insuranceCarrier: ['insurance carrier', 'carrier', 'insurance', 'insurance company', 'payer'],
    insuranceMemberId: ['insurance member id', 'member id', 'subscriber id', 'policy number'],
    insuranceGroup: ['insurance group', 'group number', 'group'],
  },
  provider: { npi: ['npi', 'national provider id'], credentials: ['credentials', 'degree', 'title'], active: ['active', 'is active', 'enabled'] },
  referring_practice: { name: ['practice name', 'practice', 'office name', 'clinic', 'name'], postalCode: ['zip', 'postal code'] },
  referring_dentist: { title: ['title', 'salutation', 'prefix'] },
  perio_exam: { examDate: ['exam date', 'chart date', 'visit date', 'date'], comparedToExamId: ['compared to exam id', 'baseline exam id', 'previous exam id'] },
  treatment_procedure: { cdtCode: ['cdt code', 'procedure code', 'ada code', 'code'], fee: ['fee', 'amount', 'price', 'charge'] },
  clinical_flag: { flagText: ['flag text', 'alert text', 'alert', 'text'], flagType: ['flag type', 'alert type', 'type'] },
};

const EMAIL_FIELDS = new Set(['email']);
const PHONE_FIELDS = new Set(['homePhone', 'mobilePhone', 'workPhone', 'phone', 'fax']);

export function valueKindOf(column: ColumnDefinition): ValueKind {
  if (EMAIL_FIELDS.has(column.field)) return 'email';
  if (PHONE_FIELDS.has(column.field)) return 'phone';
  if (column.field === 'cdtCode') return 'code';
  return kindOfSqlType(column.type);
}

export function kindOfSqlType(type: SqlType): ValueKind {
  switch (type.kind) {
    case 'date':
    case 'datetime':
    case 'datetime2':
      return 'date';
    case 'int':
    case 'smallint':
    case 'tinyint':
    case 'bigint':
      return 'integer';
    case 'bit':
      return 'boolean';
    case 'decimal':
      return 'decimal';
    case 'varbinary':
      return 'binary';
    default:
      return 'text';
  }
}

/** The phrases a field answers to, as token lists: its own name, its reference column, the dictionary's. */
export function fieldPhrases(entity: EntityName, column: ColumnDefinition): string[][] {
  const phrases = [column.field, column.column, ...(SYNONYMS[entity]?.[column.field] ?? [])];
  const seen = new Set<string>();
  return phrases
    .map((p) => nameTokens(p))
    .filter((tokens) => {
      const key = tokens.join(' ');
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

const MODULE_OF: Record<EntityName, string> = {
  patient: 'Contacts',
  provider: 'Users',
  referring_practice: 'Accounts',
  referring_dentist: 'Contacts',
  perio_exam: 'PANDA_Charting',
  perio_site: 'PANDA_Charting',
  perio_tooth: 'PANDA_Charting',
  treatment_plan: 'Deals',
  treatment_procedure: 'Deals',
  clinical_note: 'Notes',
  clinical_flag: 'Tasks',
  motivation_report: 'Attachments',
  referral_letter: 'Notes',
  letter_template: '(none)',
  pms_bridge: '(none)',
};

/** Standard Zoho fields per entity; any other field lands in a `PANDA_<Field>` custom field the writer provisions. */
const TARGETS: Partial<Record<EntityName, Record<string, ZohoTarget | string>>> = {
  patient: {
    patientId: { module: 'Contacts', field: 'PANDA_Patient_Key', via: 'key' },
    chartNumber: 'PANDA_Chart_Number',
    firstName: 'First_Name',
    lastName: 'Last_Name',
    dateOfBirth: 'Date_of_Birth',
    email: 'Email',
    homePhone: 'Home_Phone',
    mobilePhone: 'Mobile',
    workPhone: 'Phone',
    addressLine1: { module: 'Contacts', field: 'Mailing_Street', via: 'combined' },
    addressLine2: { module: 'Contacts', field: 'Mailing_Street', via: 'combined' },
    city: 'Mailing_City',
    state: 'Mailing_State',
    postalCode: 'Mailing_Zip',
    country: 'Mailing_Country',
    providerId: { module: 'Contacts', field: 'Owner', via: 'lookup' },
    referringDentistId: { module: 'Contacts', field: 'PANDA_Referring_Dentist', via: 'lookup' },
    createdAt: 'Source_Created_Time',
    modifiedAt: 'Source_Modified_Time',
  },
  provider: { providerId: { module: 'Users', field: 'id', via: 'key' }, firstName: 'first_name', lastName: 'last_name', email: 'email' },
  referring_practice: {
    practiceId: { module: 'Accounts', field: 'PANDA_Practice_Key', via: 'key' },
    name: 'Account_Name',
    phone: 'Phone',
    addressLine1: 'Billing_Street',
    city: 'Billing_City',
    state: 'Billing_State',
    postalCode: 'Billing_Code',
  },
  referring_dentist: {
    dentistId: { module: 'Contacts', field: 'PANDA_Dentist_Key', via: 'key' },
    practiceId: { module: 'Contacts', field: 'Account_Name', via: 'lookup' },
    title: 'Salutation',
    firstName: 'First_Name',
    lastName: 'Last_Name',
    email: 'Email',
    phone: 'Phone',
  },
  treatment_plan: { title: 'Deal_Name', status: 'Stage', notes: 'Description', patientId: { module: 'Deals', field: 'Contact_Name', via: 'lookup' } },
  clinical_note: { noteType: 'Note_Title', patientId: { module: 'Notes', field: 'Parent_Id', via: 'lookup' } },
  clinical_flag: { flagType: 'Subject', flagText: 'Description', dueDate: 'Due_Date', status: 'Status', patientId: { module: 'Tasks', field: 'Who_Id', via: 'lookup' } },
  motivation_report: { pdf: { module: 'Attachments', field: 'file', via: 'attachment' }, patientId: { module: 'Attachments', field: 'Parent_Id', via: 'lookup' } },
  referral_letter: {
    subject: 'Note_Title',
    bodyText: 'Note_Content',
    sentAt: { module: 'Notes', field: 'Note_Title', via: 'combined' },
    dentistId: { module: 'Notes', field: 'Note_Content', via: 'combined' },
    pdf: { module: 'Attachments', field: 'file', via: 'attachment' },
    patientId: { module: 'Notes', field: 'Parent_Id', via: 'lookup' },
    providerId: { module: 'Notes', field: 'Owner', via: 'lookup' },
  },
};

/** Entities whose rows are folded into one Zoho record of their parent (a chart's sites, a plan's procedures, a note's sections). */
const COMBINED_INTO: Partial<Record<EntityName, Record<string, string> | string>> = {
  perio_site: 'Findings',
  perio_tooth: 'Findings',
  treatment_procedure: 'Procedures',
  clinical_note: { subjective: 'Note_Content', objective: 'Note_Content', assessment: 'Note_Content', plan: 'Note_Content', bodyRichText: 'Note_Content' },
};

const pascalSnake = (field: string) =>
  field
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('_');

export function zohoTargetOf(entity: EntityName, field: string): ZohoTarget {
  const module = MODULE_OF[entity];
  const explicit = TARGETS[entity]?.[field];
  if (typeof explicit === 'string') return { module, field: explicit };
  if (explicit) return explicit;
  const combined = COMBINED_INTO[entity];
  const into = typeof combined === 'string' ? combined : combined?.[field];
  if (into) return { module, field: into, via: 'combined' };
  return { module, field: `PANDA_${pascalSnake(field)}` };
}
