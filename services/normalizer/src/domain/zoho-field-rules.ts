import { IssueList, shapeOf } from './quality-issue.ts';

/**
 * What Zoho accepts in the field each normalized value lands in. Source of the limits:
 * /work/shared/reference/zoho-crm-api.md "Limits by type" (KZ#1, KZ#13: single line ≤255, multi-line
 * small ≤2,000 / large ≤32,000, phone ≤30, e-mail ≤100) and Zoho's standard-field pages (Contacts
 * First_Name 40, Last_Name 80, Mailing_City 30, Mailing_Street 250; Accounts Account_Name 100; Deals
 * Deal_Name 120; Tasks Subject 255). Custom-module fields the writer provisions are single line (255)
 * or multi-line large (32,000). A value that does not fit is never cut silently (applyFieldRules).
 */
export interface FieldRule {
  /** Where the value lands (documentation; the writer owns the actual mapping). */
  readonly zohoField: string;
  readonly maxLength: number;
  readonly mandatory?: true;
}

const single = (zohoField: string, maxLength = 255): FieldRule => ({ zohoField, maxLength });
const mandatory = (zohoField: string, maxLength = 255): FieldRule => ({ zohoField, maxLength, mandatory: true });
const multiSmall = (zohoField: string): FieldRule => ({ zohoField, maxLength: 2000 });
const multiLarge = (zohoField: string): FieldRule => ({ zohoField, maxLength: 32000 });
const phone = (zohoField: string): FieldRule => ({ zohoField, maxLength: 30 });
const email = (zohoField: string): FieldRule => ({ zohoField, maxLength: 100 });

export const ZOHO_FIELD_RULES: Readonly<Record<string, Readonly<Record<string, FieldRule>>>> = {
  patient: {
    chartNumber: single('Contacts.PANDA_Chart_Number'),
    firstName: single('Contacts.First_Name', 40),
    middleName: single('Contacts.PANDA_Middle_Name'),
    lastName: mandatory('Contacts.Last_Name', 80),
    preferredName: single('Contacts.PANDA_Preferred_Name'),
    email: email('Contacts.Email'),
    addressLine1: single('Contacts.Mailing_Street', 250),
    addressLine2: single('Contacts.Mailing_Street (line 2)', 250),
    city: single('Contacts.Mailing_City', 30),
    state: single('Contacts.Mailing_State', 30),
    postalCode: single('Contacts.Mailing_Zip', 30),
    country: single('Contacts.Mailing_Country', 30),
    insuranceCarrier: single('Contacts.PANDA_Insurance'),
    // One field for both, "Name (Relation)" (the writer's contact-mapping.ts): 120 + 30 + 3 fit its 255.
    guarantorName: single('Contacts.PANDA_Guarantor', 120),
    guarantorRelation: single('Contacts.PANDA_Guarantor (relation)', 30),
  },
  referring_practice: {
    name: mandatory('Accounts.Account_Name', 100),
    phoneE164: phone('Accounts.Phone'),
    faxE164: phone('Accounts.Fax'),
    email: email('Accounts.PANDA_Email'),
    addressLine1: single('Accounts.Billing_Street', 250),
    city: single('Accounts.Billing_City', 30),
    state: single('Accounts.Billing_State', 30),
    postalCode: single('Accounts.Billing_Code', 30),
  },
  referring_dentist: {
    title: single('Contacts.Salutation', 25),
    firstName: single('Contacts.First_Name', 40),
    lastName: mandatory('Contacts.Last_Name', 80),
    email: email('Contacts.Email'),
    phoneE164: phone('Contacts.Phone'),
    faxE164: phone('Contacts.Fax'),
  },
  provider: {
    firstName: single('PANDA_Providers.First_Name'),
    lastName: mandatory('PANDA_Providers.Name'),
    credentials: single('PANDA_Providers.Credentials'),
    email: email('PANDA_Providers.Email'),
    npi: single('PANDA_Providers.NPI'),
  },
  perio_chart: {
    examType: single('PANDA_Charting.Exam_Type'),
    toothNumbering: single('PANDA_Charting.Tooth_Numbering'),
    diagnosis: single('PANDA_Charting.Diagnosis'),
    notesText: multiLarge('PANDA_Charting.Notes'),
    missingTeeth: multiSmall('PANDA_Charting.Missing_Teeth'),
    implants: multiSmall('PANDA_Charting.Implants'),
    provisionalStage: single('PANDA_Charting.Provisional_Stage'),
    provisionalStageBasis: multiSmall('PANDA_Charting.Provisional_Stage_Basis'),
    findings: multiLarge('PANDA_Charting.Findings'),
  },
  treatment_plan: {
    title: mandatory('Deals.Deal_Name', 120),
    status: single('Deals.PANDA_Plan_Status'),
    notesText: multiLarge('Deals.Description'),
    cdtCodes: multiSmall('Deals.PANDA_CDT_Codes'),
    teeth: multiSmall('Deals.PANDA_Teeth'),
    phases: single('Deals.PANDA_Phases'),
    procedures: multiLarge('Deals.PANDA_Procedures'),
  },
  clinical_note: {
    noteType: single('Notes.PANDA_Note_Type'),
    title: single('Notes.Note_Title'),
    body: multiLarge('Notes.Note_Content'),
  },
  clinical_flag: {
    flagType: single('Tasks.PANDA_Flag_Type'),
    flagText: mandatory('Tasks.Subject'),
    status: single('Tasks.Status'),
  },
  motivation_report: {
    fileName: mandatory('Attachments.File_Name'),
  },
  referral_letter: {
    body: multiLarge('Notes.Note_Content'),
  },
};

export type OverlongPolicy = 'note' | 'truncate';

/** Marker ending a value shortened by the `note` policy: the full value is in the record's overflow note. */
export const OVERFLOW_MARKER = ' […] (full text in a note)';

export interface OverflowValue {
  readonly field: string;
  readonly value: string;
}

export type FieldValueOut = string | number | boolean | null | { data: Buffer };

/**
 * Enforces maximum lengths on the string fields of one record (mandatory fields are each entity's own
 * decision: a placeholder is only right where a name is a label, see normalize-record.ts). Counts
 * characters (code points), as Zoho does. Mutates nothing: returns new fields plus overflow values.
 */
export function applyLengthRules(
  entity: string,
  fields: Readonly<Record<string, FieldValueOut>>,
  policy: OverlongPolicy,
  issues: IssueList,
): { fields: Record<string, FieldValueOut>; overflow: OverflowValue[] } {
  const rules = ZOHO_FIELD_RULES[entity] ?? {};
  const out: Record<string, FieldValueOut> = {};
  const overflow: OverflowValue[] = [];
  for (const [field, value] of Object.entries(fields)) {
    const rule = rules[field];
    const chars = typeof value === 'string' ? [...value] : null;
    if (!rule || chars === null || chars.length <= rule.maxLength) {
      out[field] = value;
      continue;
    }
    const text = value as string;
    if (policy === 'note') {
      out[field] = chars.slice(0, rule.maxLength - OVERFLOW_MARKER.length).join('') + OVERFLOW_MARKER;
      overflow.push({ field, value: text });
      issues.add({
        field, rule: 'VALUE_TOO_LONG_MOVED_TO_NOTE', severity: 'WARNING', action: 'MOVED_TO_NOTE', before: shapeOf(text), after: `${rule.maxLength} chars + note`,
        message: `longer than ${rule.zohoField} allows (${rule.maxLength}); shortened with a marker, full value in an overflow note`,
      });
    } else {
      out[field] = chars.slice(0, rule.maxLength).join('');
      issues.add({
        field, rule: 'VALUE_TOO_LONG_TRUNCATED', severity: 'WARNING', action: 'TRUNCATED', before: shapeOf(text), after: `${rule.maxLength} chars`,
        message: `longer than ${rule.zohoField} allows (${rule.maxLength}); truncated`,
      });
    }
  }
  return { fields: out, overflow };
}
