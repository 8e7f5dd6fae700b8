import type { EntityName } from '@panda2zoho/panda-model';

/**
 * The one catalogue of Zoho fields the migration writes: per module, every field api name the
 * zoho-writer sends (services/zoho-writer: record-mapping.ts, contact-mapping.ts, the Notes and
 * Attachments operations, the owner map's `Owner`, the delete mark), and per reference entity and
 * canonical field where its value lands. The mapping proposer takes its Zoho targets from here, and
 * the writer's unit tests check that its record mappers and provisioning schema send exactly these
 * fields, so the confirmed map never names a field nothing writes (the `sample` command's
 * `not-written`). Pure data.
 */
export const WRITER_FIELDS = {
  Contacts: [
    'PANDA_Patient_Key', 'Salutation', 'First_Name', 'Last_Name', 'Email', 'Phone', 'Home_Phone', 'Mobile', 'Fax', 'Date_of_Birth',
    'Mailing_Street', 'Mailing_City', 'Mailing_State', 'Mailing_Zip', 'Mailing_Country', 'Account_Name',
    'PANDA_Chart_Number', 'PANDA_Record_Type', 'PANDA_Middle_Name', 'PANDA_Preferred_Name', 'PANDA_Sex', 'PANDA_Status', 'PANDA_Insurance',
    'PANDA_Guarantor', 'Source_Created_Time', 'Source_Modified_Time', 'Owner', 'PANDA_Deleted',
  ],
  Accounts: [
    'PANDA_Account_Key', 'Account_Name', 'Phone', 'Fax', 'PANDA_Email', 'Billing_Street', 'Billing_City', 'Billing_State', 'Billing_Code',
    'Source_Created_Time', 'Source_Modified_Time', 'Owner', 'PANDA_Deleted',
  ],
  Deals: [
    'PANDA_Deal_Key', 'Deal_Name', 'Stage', 'Closing_Date', 'Account_Name', 'Contact_Name', 'Amount', 'Description',
    'PANDA_CDT_Codes', 'PANDA_Teeth', 'PANDA_Phases', 'PANDA_Procedures', 'PANDA_Plan_Status',
    'Source_Created_Time', 'Source_Modified_Time', 'Owner', 'PANDA_Deleted',
  ],
  Tasks: [
    'PANDA_Task_Key', 'Subject', 'Who_Id', 'Due_Date', 'Status', 'Description', 'PANDA_Flag_Type', 'PANDA_Flag_Text',
    'Source_Created_Time', 'Source_Modified_Time', 'Owner', 'PANDA_Deleted',
  ],
  PANDA_Charting: [
    'PANDA_Chart_Key', 'Name', 'Patient', 'Exam_Date', 'Exam_Type', 'Provider', 'Compared_To_Exam', 'BOP_Percent', 'Sites_Probed',
    'Bleeding_Sites', 'Max_Probing_Depth_mm', 'Max_CAL_mm', 'Teeth_Present', 'Missing_Teeth', 'Implants', 'Tooth_Numbering',
    'Provisional_Stage', 'Provisional_Stage_Basis', 'Clinician_Diagnosis', 'Exam_Notes', 'Tooth_Findings',
    'Source_Created_Time', 'Source_Modified_Time', 'Owner', 'PANDA_Deleted',
  ],
  Notes: ['Note_Title', 'Note_Content', 'Parent_Id', 'Owner'],
  Attachments: ['File_Name', 'Size', 'Parent_Id'],
  // ZOHO_CDT_CODES=products only: one Product per CDT code (upserted by PANDA_CDT_Code), linked to its
  // plans' Deals, which then carry no PANDA_CDT_Codes. The field map keeps the picklist targets below.
  Products: ['PANDA_CDT_Code', 'Product_Code', 'Product_Name', 'Product_Active'],
} as const satisfies Record<string, readonly string[]>;

export type WriterModule = keyof typeof WRITER_FIELDS;

/**
 * Zoho users are never written: the owner map matches providers to them (`panda2zoho owners`), by
 * these fields. `id` is the user a provider's records are owned by.
 */
export const OWNER_MAP_USER_FIELDS: readonly string[] = ['id', 'first_name', 'last_name', 'email', 'status'];

/**
 * The Zoho record id: a source key of a module without a PANDA key field (Notes, Attachments) is
 * kept against it in the writer's ledger, never sent as a field.
 */
export const RECORD_ID_FIELD = 'id';

/** Whether the writer sends `module.field` (the owner map's Users count: matched, not written). */
export function writerWrites(module: string, field: string): boolean {
  if (module === 'Users') return OWNER_MAP_USER_FIELDS.includes(field);
  return (WRITER_FIELDS as Record<string, readonly string[]>)[module]?.includes(field) ?? false;
}

export interface ZohoTarget {
  module: string;
  /** Zoho field api name. */
  field: string;
  /** How the value gets there when it is not one field to one field. */
  via?: 'lookup' | 'combined' | 'key' | 'attachment';
}

/** A canonical field the writer has no Zoho field for: the proposer leaves it unmapped, saying why. */
export interface NoHome {
  none: string;
}

type Target = ZohoTarget | NoHome | string;

const t = (module: string, field: string, via?: ZohoTarget['via']): ZohoTarget => ({ module, field, ...(via ? { via } : {}) });
const none = (why: string): NoHome => ({ none: why });
const sourceTimes = (module: string) => ({ createdAt: t(module, 'Source_Created_Time'), modifiedAt: t(module, 'Source_Modified_Time') });
const INSURANCE = none('the writer sends the insurance carrier (PANDA_Insurance) and the guarantor (PANDA_Guarantor); the member id and group have no Zoho field');

/**
 * Per reference entity and canonical field, where the writer puts its value: a string is a field of
 * the entity's module, `via` says when it is not one value to one field. Every module.field here is
 * in WRITER_FIELDS (or the owner map's Users); a field with no home says why.
 */
export const REFERENCE_TARGETS: Partial<Record<EntityName, Record<string, Target>>> = {
  patient: {
    patientId: t('Contacts', 'PANDA_Patient_Key', 'key'),
    chartNumber: 'PANDA_Chart_Number',
    firstName: 'First_Name',
    middleName: 'PANDA_Middle_Name',
    lastName: 'Last_Name',
    preferredName: 'PANDA_Preferred_Name',
    dateOfBirth: 'Date_of_Birth',
    legacyBirthDateText: none('the birth date as typed in the old system: the pipeline does not read it (Date_of_Birth comes from the birth date column)'),
    sex: 'PANDA_Sex',
    email: 'Email',
    homePhone: 'Home_Phone',
    mobilePhone: 'Mobile',
    workPhone: 'Phone',
    addressLine1: t('Contacts', 'Mailing_Street', 'combined'),
    addressLine2: t('Contacts', 'Mailing_Street', 'combined'),
    city: 'Mailing_City',
    state: 'Mailing_State',
    postalCode: 'Mailing_Zip',
    country: 'Mailing_Country',
    status: 'PANDA_Status',
    providerId: t('Contacts', 'Owner', 'lookup'),
    referringDentistId: none('the writer does not link a patient to its referring dentist (the referral letters name the dentist)'),
    // One field, "Name (Relation)".
    guarantorName: t('Contacts', 'PANDA_Guarantor', 'combined'),
    guarantorRelation: t('Contacts', 'PANDA_Guarantor', 'combined'),
    insuranceCarrier: 'PANDA_Insurance',
    insuranceMemberId: INSURANCE,
    insuranceGroup: INSURANCE,
    ...sourceTimes('Contacts'),
  },
  provider: {
    providerId: t('Users', 'id', 'key'),
    firstName: t('Users', 'first_name'),
    lastName: t('Users', 'last_name'),
    email: t('Users', 'email'),
    active: t('Users', 'status'),
    credentials: none('Zoho users are matched by the owner map, never written'),
    npi: none('Zoho users are matched by the owner map, never written'),
    createdAt: none('Zoho users are matched by the owner map, never written'),
    modifiedAt: none('Zoho users are matched by the owner map, never written'),
  },
  referring_practice: {
    practiceId: t('Accounts', 'PANDA_Account_Key', 'key'),
    name: 'Account_Name',
    phone: 'Phone',
    fax: 'Fax',
    email: 'PANDA_Email',
    addressLine1: 'Billing_Street',
    city: 'Billing_City',
    state: 'Billing_State',
    postalCode: 'Billing_Code',
    ...sourceTimes('Accounts'),
  },
  referring_dentist: {
    dentistId: t('Contacts', 'PANDA_Patient_Key', 'key'),
    practiceId: t('Contacts', 'Account_Name', 'lookup'),
    // Only a title that is one of the pick-list's values (Dr., Prof., Mr., Mrs., Ms.); any other is not sent.
    title: 'Salutation',
    firstName: 'First_Name',
    lastName: 'Last_Name',
    email: 'Email',
    phone: 'Phone',
    fax: 'Fax',
    ...sourceTimes('Contacts'),
  },
  perio_exam: {
    examId: t('PANDA_Charting', 'PANDA_Chart_Key', 'key'),
    patientId: t('PANDA_Charting', 'Patient', 'lookup'),
    providerId: t('PANDA_Charting', 'Provider', 'lookup'),
    examDate: 'Exam_Date',
    examType: 'Exam_Type',
    comparedToExamId: t('PANDA_Charting', 'Compared_To_Exam', 'lookup'),
    toothNumbering: 'Tooth_Numbering',
    diagnosis: 'Clinician_Diagnosis',
    notes: 'Exam_Notes',
    ...sourceTimes('PANDA_Charting'),
  },
  treatment_plan: {
    planId: t('Deals', 'PANDA_Deal_Key', 'key'),
    patientId: t('Deals', 'Contact_Name', 'lookup'),
    providerId: t('Deals', 'Owner', 'lookup'),
    title: 'Deal_Name',
    status: 'PANDA_Plan_Status',
    presentedDate: 'Closing_Date',
    notes: 'Description',
    ...sourceTimes('Deals'),
  },
  treatment_procedure: {
    cdtCode: t('Deals', 'PANDA_CDT_Codes', 'combined'),
    teeth: t('Deals', 'PANDA_Teeth', 'combined'),
    phase: t('Deals', 'PANDA_Phases', 'combined'),
    fee: t('Deals', 'Amount', 'combined'),
  },
  clinical_note: {
    noteId: t('Notes', RECORD_ID_FIELD, 'key'),
    patientId: t('Notes', 'Parent_Id', 'lookup'),
    providerId: t('Notes', 'Owner', 'lookup'),
    noteDate: t('Notes', 'Note_Title', 'combined'),
    noteType: t('Notes', 'Note_Title', 'combined'),
  },
  clinical_flag: {
    flagId: t('Tasks', 'PANDA_Task_Key', 'key'),
    patientId: t('Tasks', 'Who_Id', 'lookup'),
    flagType: 'PANDA_Flag_Type',
    flagText: 'PANDA_Flag_Text',
    dueDate: 'Due_Date',
    status: 'Status',
    ...sourceTimes('Tasks'),
  },
  motivation_report: {
    reportId: t('Attachments', RECORD_ID_FIELD, 'key'),
    patientId: t('Attachments', 'Parent_Id', 'lookup'),
    fileName: 'File_Name',
    pdf: t('Attachments', 'Size', 'attachment'),
    examId: none('the report is attached to the patient; Zoho keeps no link to the exam'),
    createdAt: none('Zoho stamps an attachment with its upload time; the report date is not kept'),
  },
  referral_letter: {
    // A letter with text is a Note, one with a PDF an Attachment (the writer decides per letter).
    letterId: t('Notes', RECORD_ID_FIELD, 'key'),
    patientId: t('Notes', 'Parent_Id', 'lookup'),
    dentistId: t('Notes', 'Note_Content', 'combined'),
    providerId: t('Notes', 'Owner', 'lookup'),
    templateId: t('Notes', 'Note_Content', 'combined'),
    sentAt: t('Notes', 'Note_Title', 'combined'),
    subject: t('Notes', 'Note_Content', 'combined'),
    bodyText: t('Notes', 'Note_Content', 'combined'),
    fileName: t('Attachments', 'File_Name'),
    pdf: t('Attachments', 'Size', 'attachment'),
  },
};

/** Entities whose rows are folded into one Zoho field of their parent's record. */
const COMBINED_INTO: Partial<Record<EntityName, ZohoTarget>> = {
  perio_site: t('PANDA_Charting', 'Tooth_Findings', 'combined'),
  perio_tooth: t('PANDA_Charting', 'Tooth_Findings', 'combined'),
  treatment_procedure: t('Deals', 'PANDA_Procedures', 'combined'),
  clinical_note: t('Notes', 'Note_Content', 'combined'),
};

/** The Zoho module each reference entity lands in (providers: matched to Users by the owner map, never written). */
export const MODULE_OF: Partial<Record<EntityName, string>> = {
  patient: 'Contacts',
  provider: 'Users',
  referring_practice: 'Accounts',
  referring_dentist: 'Contacts',
  perio_exam: 'PANDA_Charting',
  treatment_plan: 'Deals',
  clinical_note: 'Notes',
  clinical_flag: 'Tasks',
  motivation_report: 'Attachments',
  referral_letter: 'Notes',
};

/**
 * Where the writer puts a canonical field: a Zoho target, or why it has none. A field with no entry
 * of its own in a folded entity (a perio site's values, a plan's procedures, a note's sections) lands
 * in its parent's combined field; any other field has no home.
 */
export function writerTargetOf(entity: EntityName, field: string): ZohoTarget | NoHome {
  const explicit = REFERENCE_TARGETS[entity]?.[field];
  const module = MODULE_OF[entity];
  if (typeof explicit === 'string') return module ? { module, field: explicit } : none(`${entity} is not written to Zoho`);
  if (explicit) return explicit;
  const combined = COMBINED_INTO[entity];
  if (combined) return combined;
  return none(module ? `the writer sends no Zoho ${module} field for ${entity}.${field}` : `${entity} is not written to Zoho`);
}
