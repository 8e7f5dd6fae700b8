import type { RecordNormalized } from '@panda2zoho/events';
import { salutationField } from './zoho-salutation.ts';
import { CHARTING_MODULE, RECORD_TYPE_REFERRING_DENTIST } from './zoho-schema.ts';

/**
 * Where each normalized entity lands in Zoho, and its field map (names per docs/architecture.md
 * "Normalized record fields"; the Zoho names are the shared catalogue @panda2zoho/mapping
 * WRITER_FIELDS, which the field map's proposer targets; a unit test keeps the two equal). Owned fields are always sent, null included, so a value removed in
 * PANDA is removed in Zoho; fields not listed are never sent, so edits in Zoho to them survive. Pure.
 */
export type TargetKind = 'record' | 'note' | 'attachment';

export interface EntityTarget {
  entity: string;
  kind: TargetKind;
  /** Notes/attachments: the module of the parent is resolved at write time. */
  module: string;
  /** Keyed modules: the unique custom field the upsert matches on. */
  externalIdField: string | null;
  /** Parent roles that must have a Zoho id before this record can be written. */
  lookupRoles: string[];
}

export const TARGETS: Record<string, EntityTarget> = {
  referring_practice: { entity: 'referring_practice', kind: 'record', module: 'Accounts', externalIdField: 'PANDA_Account_Key', lookupRoles: [] },
  referring_dentist: { entity: 'referring_dentist', kind: 'record', module: 'Contacts', externalIdField: 'PANDA_Patient_Key', lookupRoles: ['practice'] },
  perio_chart: { entity: 'perio_chart', kind: 'record', module: CHARTING_MODULE, externalIdField: 'PANDA_Chart_Key', lookupRoles: ['patient'] },
  treatment_plan: { entity: 'treatment_plan', kind: 'record', module: 'Deals', externalIdField: 'PANDA_Deal_Key', lookupRoles: ['patient'] },
  clinical_flag: { entity: 'clinical_flag', kind: 'record', module: 'Tasks', externalIdField: 'PANDA_Task_Key', lookupRoles: ['patient'] },
  clinical_note: { entity: 'clinical_note', kind: 'note', module: 'Notes', externalIdField: null, lookupRoles: ['patient'] },
  overflow_note: { entity: 'overflow_note', kind: 'note', module: 'Notes', externalIdField: null, lookupRoles: ['record'] },
  motivation_report: { entity: 'motivation_report', kind: 'attachment', module: 'Attachments', externalIdField: null, lookupRoles: ['patient'] },
  // A text letter; a PDF letter is an attachment (targetFor). The referrer (optional) is waited for so the letter can name its Contact.
  referral_letter: { entity: 'referral_letter', kind: 'note', module: 'Notes', externalIdField: null, lookupRoles: ['patient', 'referrer'] },
};

function hasPdf(event: RecordNormalized): boolean {
  const pdf = event.fields?.['pdf'];
  return typeof pdf === 'object' && pdf !== null && 'data' in pdf;
}

/** The target of one event: a referral letter with a PDF is an Attachment, one with text a Note. */
export function targetFor(event: RecordNormalized): EntityTarget | undefined {
  const target = TARGETS[event.entity];
  if (target && event.entity === 'referral_letter' && hasPdf(event)) return { ...target, kind: 'attachment', module: 'Attachments' };
  return target;
}

/** The referring dentist's Contact a letter names: its Zoho id and, when read, its name. */
export interface LetterReferrer {
  id: string;
  name: string | null;
}

function letterDate(fields: Fields): string | null {
  return text(fields, 'sentAt')?.slice(0, 10) ?? null;
}

/** Zoho ids of the parents (role → id) and of the Account every Deal hangs from. */
export interface MappingContext {
  parents: Map<string, { module: string; id: string }>;
  dealsAccountId: string;
  /** `products`: the codes go to Products linked to the Deal, not to PANDA_CDT_Codes (default picklist). */
  cdtCodes?: 'picklist' | 'products';
}

type Fields = NonNullable<RecordNormalized['fields']>;

export function text(fields: Fields, name: string): string | null {
  const v = fields[name];
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v === '' ? null : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

function num(fields: Fields, name: string): number | null {
  const v = fields[name];
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
}

function list(fields: Fields, name: string): string[] {
  return (text(fields, name) ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/** Zoho datetimes are `yyyy-MM-ddTHH:mm:ss±hh:mm`: no fraction of a second. */
export function zohoDateTime(iso: string | null): string | null {
  if (iso === null) return null;
  return iso.replace(/\.\d+(?=(Z|[+-]\d\d:?\d\d)$)/, '').replace(/Z$/, '+00:00');
}

function lookup(ctx: MappingContext, role: string): { id: string } | null {
  const parent = ctx.parents.get(role);
  return parent ? { id: parent.id } : null;
}

function sourceTimes(fields: Fields): Record<string, unknown> {
  return { Source_Created_Time: zohoDateTime(text(fields, 'sourceCreatedAt')), Source_Modified_Time: zohoDateTime(text(fields, 'sourceModifiedAt')) };
}

const DEAL_STAGES: Record<string, string> = {
  accepted: 'Closed Won', completed: 'Closed Won', complete: 'Closed Won', inprogress: 'Closed Won', 'in progress': 'Closed Won',
  rejected: 'Closed Lost', declined: 'Closed Lost', cancelled: 'Closed Lost', canceled: 'Closed Lost',
  presented: 'Proposal/Price Quote', proposed: 'Proposal/Price Quote', pending: 'Negotiation/Review',
};

export function dealStage(status: string | null): string {
  return DEAL_STAGES[(status ?? '').toLowerCase()] ?? 'Qualification';
}

function taskStatus(status: string | null): string {
  const s = (status ?? '').toLowerCase();
  return s === 'resolved' || s === 'closed' || s === 'inactive' || s === 'completed' ? 'Completed' : 'Not Started';
}

/** The Zoho record for a keyed entity; the external id field carries the recordKey. */
export function toZohoRecord(event: RecordNormalized, ctx: MappingContext): Record<string, unknown> {
  const target = TARGETS[event.entity];
  if (!target?.externalIdField) throw new Error(`no keyed Zoho module for entity ${event.entity}`);
  const fl = event.fields ?? {};
  const keyField = { [target.externalIdField]: event.recordKey };
  switch (event.entity) {
    case 'referring_practice':
      return {
        ...keyField,
        Account_Name: text(fl, 'name') ?? `Referring practice ${event.source.sourceKey}`,
        Phone: text(fl, 'phoneE164'),
        Fax: text(fl, 'faxE164'),
        PANDA_Email: text(fl, 'email'),
        Billing_Street: text(fl, 'addressLine1'),
        Billing_City: text(fl, 'city'),
        Billing_State: text(fl, 'state'),
        Billing_Code: text(fl, 'postalCode'),
        ...sourceTimes(fl),
      };
    case 'referring_dentist':
      return {
        ...keyField,
        // Only one of Zoho's pick-list values, else not sent (zoho-salutation.ts).
        ...salutationField(text(fl, 'title')),
        First_Name: text(fl, 'firstName'),
        Last_Name: text(fl, 'lastName') ?? `Referring dentist ${event.source.sourceKey}`,
        Email: text(fl, 'email'),
        Phone: text(fl, 'phoneE164'),
        Fax: text(fl, 'faxE164'),
        Account_Name: lookup(ctx, 'practice'),
        PANDA_Record_Type: RECORD_TYPE_REFERRING_DENTIST,
        ...sourceTimes(fl),
      };
    case 'perio_chart':
      return {
        ...keyField,
        Name: `Perio exam ${text(fl, 'examDate') ?? event.source.sourceKey}`,
        Patient: lookup(ctx, 'patient'),
        Exam_Date: text(fl, 'examDate'),
        Exam_Type: text(fl, 'examType'),
        Provider: event.parents.find((p) => p.role === 'provider')?.recordKey ?? null,
        Compared_To_Exam: event.parents.find((p) => p.role === 'compared_to')?.recordKey ?? null,
        BOP_Percent: num(fl, 'bopPercent'),
        Sites_Probed: num(fl, 'sitesProbed'),
        Bleeding_Sites: num(fl, 'bleedingSites'),
        Max_Probing_Depth_mm: num(fl, 'maxProbingDepthMm'),
        Max_CAL_mm: num(fl, 'maxCalMm'),
        Teeth_Present: num(fl, 'teethPresent'),
        Missing_Teeth: text(fl, 'missingTeeth'),
        Implants: text(fl, 'implants'),
        Tooth_Numbering: text(fl, 'toothNumbering'),
        Provisional_Stage: text(fl, 'provisionalStage'),
        Provisional_Stage_Basis: text(fl, 'provisionalStageBasis'),
        Clinician_Diagnosis: text(fl, 'diagnosis'),
        Exam_Notes: text(fl, 'notesText'),
        Tooth_Findings: text(fl, 'findings'),
        ...sourceTimes(fl),
      };
    case 'treatment_plan': {
      const presented = text(fl, 'presentedDate') ?? text(fl, 'sourceCreatedAt')?.slice(0, 10) ?? null;
      return {
        ...keyField,
        Deal_Name: text(fl, 'title') ?? `Treatment plan ${presented ?? event.source.sourceKey}`,
        Stage: dealStage(text(fl, 'status')),
        Closing_Date: presented,
        Account_Name: { id: ctx.dealsAccountId },
        Contact_Name: lookup(ctx, 'patient'),
        Amount: num(fl, 'totalFee'),
        Description: text(fl, 'notesText'),
        ...(ctx.cdtCodes === 'products' ? {} : { PANDA_CDT_Codes: list(fl, 'cdtCodes') }),
        PANDA_Teeth: text(fl, 'teeth'),
        PANDA_Phases: text(fl, 'phases'),
        PANDA_Procedures: text(fl, 'procedures'),
        PANDA_Plan_Status: text(fl, 'status'),
        ...sourceTimes(fl),
      };
    }
    case 'clinical_flag':
      return {
        ...keyField,
        Subject: `PANDA flag: ${text(fl, 'flagType') ?? 'clinical flag'}`,
        Who_Id: lookup(ctx, 'patient'),
        Due_Date: text(fl, 'dueDate'),
        Status: taskStatus(text(fl, 'status')),
        Description: text(fl, 'flagText'),
        PANDA_Flag_Type: text(fl, 'flagType'),
        PANDA_Flag_Text: text(fl, 'flagText'),
        ...sourceTimes(fl),
      };
    default:
      throw new Error(`no keyed Zoho module for entity ${event.entity}`);
  }
}

/** A note's title and content; the original date goes in both since Zoho sets Created_Time itself. */
export function toNote(event: RecordNormalized, referrer: LetterReferrer | null = null): { Note_Title: string; Note_Content: string } {
  const fl = event.fields ?? {};
  if (event.entity === 'referral_letter') {
    const date = letterDate(fl);
    const to = referrer ? (referrer.name ?? 'the referring dentist') : 'a referring dentist (not in PANDA)';
    const header = [
      `Original date: ${text(fl, 'sentAt') ?? 'unknown'}`,
      `Referral letter sent to ${to}${referrer ? ` (Zoho Contact ${referrer.id})` : ''}`,
      ...(text(fl, 'subject') ? [`Subject: ${text(fl, 'subject')}`] : []),
      ...(text(fl, 'templateId') ? [`PANDA template: ${text(fl, 'templateId')}`] : []),
    ].join('\n');
    return {
      Note_Title: `Referral letter to ${referrer?.name ?? 'referring dentist'} (${date ?? 'undated'})`.slice(0, 120),
      Note_Content: `${header}\n\n${text(fl, 'body') ?? '(the letter has no text in PANDA)'}`,
    };
  }
  if (event.entity === 'overflow_note') {
    return { Note_Title: text(fl, 'title') ?? 'PANDA value moved to a note', Note_Content: text(fl, 'body') ?? '' };
  }
  const date = text(fl, 'noteDate');
  const type = text(fl, 'noteType');
  const title = text(fl, 'title') ?? type ?? 'Clinical note';
  const header = [`Original date: ${date ?? 'unknown'}`, ...(type ? [`Type: ${type}`] : [])].join('\n');
  return { Note_Title: `${title} (${date ?? 'undated'})`.slice(0, 120), Note_Content: `${header}\n\n${text(fl, 'body') ?? ''}` };
}

export function toAttachment(event: RecordNormalized): { fileName: string; bytes: Buffer } | null {
  const fl = event.fields ?? {};
  const pdf = fl['pdf'];
  if (typeof pdf !== 'object' || pdf === null || !('data' in pdf)) return null;
  if (event.entity === 'referral_letter') {
    // The original date leads the file name: Zoho stamps the attachment with the upload time.
    const name = text(fl, 'fileName') ?? `referral-letter-${event.source.sourceKey}.pdf`;
    return { fileName: `${letterDate(fl) ?? 'undated'} ${name}`, bytes: Buffer.from(pdf.data) };
  }
  return { fileName: text(fl, 'fileName') ?? `motivation-report-${event.source.sourceKey}.pdf`, bytes: Buffer.from(pdf.data) };
}
