import type { ColumnDefinition, EntityName, SqlType } from '@panda2zoho/panda-model';
import { nameTokens } from './name-tokens.ts';

/** What a field's values look like; matched against a column's SQL type and value profile. */
export type ValueKind = 'email' | 'phone' | 'date' | 'code' | 'integer' | 'decimal' | 'boolean' | 'binary' | 'text';

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
