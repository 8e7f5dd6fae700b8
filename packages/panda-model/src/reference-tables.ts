import type { ColumnDefinition, SqlType, TableDefinition } from './table-definition.ts';

// The reference PANDA schema (deploy/sql/panda-reference-schema.sql is generated from it). A real
// install's names differ; its table map renames tables and columns onto these canonical fields.

const int: SqlType = { kind: 'int' };
const tinyint: SqlType = { kind: 'tinyint' };
const bit: SqlType = { kind: 'bit' };
const date: SqlType = { kind: 'date' };
const stamp: SqlType = { kind: 'datetime2', precision: 3 };
const legacyStamp: SqlType = { kind: 'datetime' };
const text = (length: number | 'max'): SqlType => ({ kind: 'nvarchar', length });
const money: SqlType = { kind: 'decimal', precision: 10, scale: 2 };
const blob: SqlType = { kind: 'varbinary', length: 'max' };

function col(column: string, field: string, type: SqlType, options: { nullable?: boolean; phi?: boolean; excluded?: boolean } = {}): ColumnDefinition {
  return { column, field, type, nullable: options.nullable ?? true, ...(options.phi ? { phi: true } : {}), ...(options.excluded ? { excluded: true } : {}) };
}
const pk = (column: string, field: string) => col(column, field, int, { nullable: false });
const audit = [col('CreatedAt', 'createdAt', stamp), col('ModifiedAt', 'modifiedAt', stamp)];

export const REFERENCE_TABLES: TableDefinition[] = [
  {
    table: 'Providers',
    entity: 'provider',
    primaryKey: ['ProviderID'],
    migrate: true,
    description: 'Clinicians of the practice (periodontists, hygienists); become Zoho record owners.',
    columns: [
      pk('ProviderID', 'providerId'), col('FirstName', 'firstName', text(50)), col('LastName', 'lastName', text(50)),
      col('Credentials', 'credentials', text(30)), col('Email', 'email', text(120)), col('NPI', 'npi', text(10)),
      col('Active', 'active', bit), ...audit,
    ],
  },
  {
    table: 'ReferringPractices',
    entity: 'referring_practice',
    primaryKey: ['PracticeID'],
    migrate: true,
    description: 'Practices that refer patients; each becomes one Zoho Account.',
    columns: [
      pk('PracticeID', 'practiceId'), col('PracticeName', 'name', text(120)), col('Phone', 'phone', text(40)), col('Fax', 'fax', text(40)),
      col('Email', 'email', text(120)), col('Address1', 'addressLine1', text(120)), col('City', 'city', text(60)), col('State', 'state', text(30)),
      col('Zip', 'postalCode', text(15)), ...audit,
    ],
  },
  {
    table: 'ReferringDentists',
    entity: 'referring_dentist',
    primaryKey: ['DentistID'],
    references: [{ field: 'practiceId', entity: 'referring_practice' }],
    migrate: true,
    description: 'Referring dentists; each becomes a Zoho Contact linked to their practice Account.',
    columns: [
      pk('DentistID', 'dentistId'), col('PracticeID', 'practiceId', int), col('Title', 'title', text(20)), col('FirstName', 'firstName', text(50)),
      col('LastName', 'lastName', text(50)), col('Email', 'email', text(120)), col('Phone', 'phone', text(40)), col('Fax', 'fax', text(40)), ...audit,
    ],
  },
  {
    table: 'Patients',
    entity: 'patient',
    primaryKey: ['PatientID'],
    references: [
      { field: 'providerId', entity: 'provider' },
      { field: 'referringDentistId', entity: 'referring_dentist' },
    ],
    migrate: true,
    description: 'Patient demographics with guarantor and insurance; each becomes a Zoho Contact.',
    columns: [
      pk('PatientID', 'patientId'), col('ChartNumber', 'chartNumber', text(20)), col('FirstName', 'firstName', text(50), { phi: true }),
      col('MiddleName', 'middleName', text(50), { phi: true }), col('LastName', 'lastName', text(80), { phi: true }),
      col('PreferredName', 'preferredName', text(50), { phi: true }), col('BirthDate', 'dateOfBirth', date, { phi: true }),
      col('Sex', 'sex', text(1)), col('Email', 'email', text(120), { phi: true }), col('HomePhone', 'homePhone', text(40), { phi: true }),
      col('CellPhone', 'mobilePhone', text(40), { phi: true }), col('WorkPhone', 'workPhone', text(40), { phi: true }),
      col('Address1', 'addressLine1', text(120), { phi: true }), col('Address2', 'addressLine2', text(120), { phi: true }),
      col('City', 'city', text(60)), col('State', 'state', text(30)), col('Zip', 'postalCode', text(15)), col('Country', 'country', text(40)),
      col('SSN', 'ssn', text(11), { phi: true, excluded: true }), col('Status', 'status', text(20)), col('ProviderID', 'providerId', int),
      col('ReferringDentistID', 'referringDentistId', int), col('GuarantorName', 'guarantorName', text(120), { phi: true }),
      col('GuarantorRelation', 'guarantorRelation', text(30)), col('InsuranceCarrier', 'insuranceCarrier', text(120)),
      col('InsuranceMemberID', 'insuranceMemberId', text(40), { phi: true }), col('InsuranceGroup', 'insuranceGroup', text(40)),
      col('LegacyBirthDateText', 'legacyBirthDateText', text(30), { phi: true }), ...audit,
    ],
  },
  {
    table: 'PerioExams',
    entity: 'perio_exam',
    primaryKey: ['ExamID'],
    references: [
      { field: 'patientId', entity: 'patient' },
      { field: 'providerId', entity: 'provider' },
      { field: 'comparedToExamId', entity: 'perio_exam' },
    ],
    migrate: true,
    description: 'A charting visit (initial, re-evaluation or comparison); becomes a PANDA_Charting record.',
    columns: [
      pk('ExamID', 'examId'), col('PatientID', 'patientId', int, { nullable: false }), col('ProviderID', 'providerId', int),
      col('ExamDate', 'examDate', legacyStamp), col('ExamType', 'examType', text(20)), col('ComparedToExamID', 'comparedToExamId', int),
      col('ToothNumbering', 'toothNumbering', text(10)), col('Diagnosis', 'diagnosis', text(200), { phi: true }),
      col('Notes', 'notes', text('max'), { phi: true }), ...audit,
    ],
  },
  {
    table: 'PerioSiteMeasurements',
    entity: 'perio_site',
    primaryKey: ['ExamID', 'Tooth', 'Site'],
    references: [{ field: 'examId', entity: 'perio_exam' }],
    migrate: true,
    description: 'Per tooth and site (DB, B, MB, DL, L, ML): probing depth, gingival margin, bleeding, suppuration, plaque.',
    columns: [
      col('ExamID', 'examId', int, { nullable: false }), col('Tooth', 'tooth', text(4), { nullable: false }), col('Site', 'site', text(3), { nullable: false }),
      col('ProbingDepth', 'probingDepthMm', tinyint), col('GingivalMargin', 'gingivalMarginMm', { kind: 'smallint' }),
      col('Bleeding', 'bleeding', text(5)), col('Suppuration', 'suppuration', text(5)), col('Plaque', 'plaque', text(5)),
    ],
  },
  {
    table: 'PerioToothFindings',
    entity: 'perio_tooth',
    primaryKey: ['ExamID', 'Tooth'],
    references: [{ field: 'examId', entity: 'perio_exam' }],
    migrate: true,
    description: 'Per tooth: furcation, mobility, recession class, missing, implant.',
    columns: [
      col('ExamID', 'examId', int, { nullable: false }), col('Tooth', 'tooth', text(4), { nullable: false }), col('Furcation', 'furcation', text(12)),
      col('Mobility', 'mobility', text(5)), col('RecessionClass', 'recessionClass', text(8)), col('Missing', 'missing', bit), col('Implant', 'implant', bit),
    ],
  },
  {
    table: 'TreatmentPlans',
    entity: 'treatment_plan',
    primaryKey: ['PlanID'],
    references: [
      { field: 'patientId', entity: 'patient' },
      { field: 'providerId', entity: 'provider' },
    ],
    migrate: true,
    description: 'A treatment plan; becomes a Zoho Deal.',
    columns: [
      pk('PlanID', 'planId'), col('PatientID', 'patientId', int, { nullable: false }), col('ProviderID', 'providerId', int), col('Title', 'title', text(120)),
      col('Status', 'status', text(20)), col('PresentedDate', 'presentedDate', date), col('Notes', 'notes', text('max'), { phi: true }), ...audit,
    ],
  },
  {
    table: 'TreatmentProcedures',
    entity: 'treatment_procedure',
    primaryKey: ['ProcedureID'],
    references: [{ field: 'planId', entity: 'treatment_plan' }],
    migrate: true,
    description: 'A planned procedure: CDT code, teeth, phase, fee.',
    columns: [
      pk('ProcedureID', 'procedureId'), col('PlanID', 'planId', int, { nullable: false }), col('Phase', 'phase', tinyint),
      col('CdtCode', 'cdtCode', text(8)), col('Teeth', 'teeth', text(60)), col('Description', 'description', text(255)),
      col('Fee', 'fee', money), col('Status', 'status', text(20)),
    ],
  },
  {
    table: 'ClinicalNotes',
    entity: 'clinical_note',
    primaryKey: ['NoteID'],
    references: [
      { field: 'patientId', entity: 'patient' },
      { field: 'providerId', entity: 'provider' },
    ],
    migrate: true,
    description: 'SOAP and progress notes (rich text); become Zoho Notes on the Contact.',
    columns: [
      pk('NoteID', 'noteId'), col('PatientID', 'patientId', int, { nullable: false }), col('ProviderID', 'providerId', int),
      col('NoteDate', 'noteDate', stamp), col('NoteType', 'noteType', text(20)), col('Subjective', 'subjective', text('max'), { phi: true }),
      col('Objective', 'objective', text('max'), { phi: true }), col('Assessment', 'assessment', text('max'), { phi: true }),
      col('PlanText', 'plan', text('max'), { phi: true }), col('BodyRtf', 'bodyRichText', text('max'), { phi: true }),
    ],
  },
  {
    table: 'ClinicalFlags',
    entity: 'clinical_flag',
    primaryKey: ['FlagID'],
    references: [{ field: 'patientId', entity: 'patient' }],
    migrate: true,
    description: 'Chart alerts and follow-ups; become Zoho Tasks with the original flag text.',
    columns: [
      pk('FlagID', 'flagId'), col('PatientID', 'patientId', int, { nullable: false }), col('FlagType', 'flagType', text(40)),
      col('FlagText', 'flagText', text(500), { phi: true }), col('DueDate', 'dueDate', date), col('Status', 'status', text(20)), ...audit,
    ],
  },
  {
    table: 'MotivationReports',
    entity: 'motivation_report',
    primaryKey: ['ReportID'],
    references: [
      { field: 'patientId', entity: 'patient' },
      { field: 'examId', entity: 'perio_exam' },
    ],
    migrate: true,
    description: 'Patient motivation reports (PDF); become Attachments on the Contact.',
    columns: [
      pk('ReportID', 'reportId'), col('PatientID', 'patientId', int, { nullable: false }), col('ExamID', 'examId', int),
      col('CreatedAt', 'createdAt', stamp), col('FileName', 'fileName', text(200)), col('Pdf', 'pdf', blob, { phi: true }),
    ],
  },
  {
    table: 'LetterTemplates',
    entity: 'letter_template',
    primaryKey: ['TemplateID'],
    migrate: false,
    description: 'Referral letter templates with «MergeField» placeholders: exported as files (`panda2zoho letters templates`) for the practice to rebuild as Zoho e-mail templates; not migrated as records.',
    columns: [
      pk('TemplateID', 'templateId'), col('Name', 'name', text(100)), col('Subject', 'subject', text(200)), col('Body', 'body', text('max')), ...audit,
    ],
  },
  {
    table: 'ReferralLetters',
    entity: 'referral_letter',
    primaryKey: ['LetterID'],
    references: [
      { field: 'patientId', entity: 'patient' },
      { field: 'dentistId', entity: 'referring_dentist' },
      { field: 'providerId', entity: 'provider' },
      { field: 'templateId', entity: 'letter_template' },
    ],
    migrate: true,
    description: 'Letters sent to referring dentists (rendered text, or a PDF); become Notes (text) or Attachments (PDF) on the patient Contact, naming the dentist.',
    columns: [
      pk('LetterID', 'letterId'), col('PatientID', 'patientId', int, { nullable: false }), col('DentistID', 'dentistId', int), col('ProviderID', 'providerId', int),
      col('TemplateID', 'templateId', int), col('SentAt', 'sentAt', stamp), col('Subject', 'subject', text(200), { phi: true }),
      col('BodyText', 'bodyText', text('max'), { phi: true }), col('FileName', 'fileName', text(200)), col('Pdf', 'pdf', blob, { phi: true }),
    ],
  },
  {
    table: 'OpenDentalBridge',
    entity: 'pms_bridge',
    primaryKey: ['PatientID'],
    references: [{ field: 'patientId', entity: 'patient' }],
    migrate: false,
    description: 'Open Dental bridge ids (PatNum, ProvNum): practice-management data, inventoried and never migrated.',
    columns: [pk('PatientID', 'patientId'), col('PatNum', 'patNum', int), col('ProvNum', 'provNum', int), col('LastSync', 'lastSync', legacyStamp)],
  },
];
