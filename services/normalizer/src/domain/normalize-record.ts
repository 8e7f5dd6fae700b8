import type { SourceRecordChanged } from '@panda2zoho/events';
import { PLACEHOLDER, type NormalizeContext } from './normalize-context.ts';
import type { NormalizedRecord, ParentRef, RecordResult } from './normalized-record.ts';
import { clinicalNoteText } from './rich-text.ts';
import { recordKeyOf, RowReader } from './row-reader.ts';
import { applyLengthRules, type FieldValueOut } from './zoho-field-rules.ts';
import { isProblem } from './domain-problem.ts';
import { dropExcluded } from './excluded-fields.ts';

/** Entities one source row makes on its own (charts and plans are assembled: perio-chart.ts, treatment-plan.ts). */
export const SINGLE_ROW_ENTITIES = ['referring_practice', 'referring_dentist', 'provider', 'clinical_note', 'clinical_flag', 'motivation_report', 'referral_letter'] as const;
export type SingleRowEntity = (typeof SINGLE_ROW_ENTITIES)[number];

export function isSingleRowEntity(entity: string): entity is SingleRowEntity {
  return (SINGLE_ROW_ENTITIES as readonly string[]).includes(entity);
}

type Built = { fields: Record<string, FieldValueOut>; parents: ParentRef[] } | { rejected: { code: string; reason: string } };

function parent(r: RowReader, role: string, entity: string, idField: string): ParentRef[] {
  const id = r.long(idField) ?? r.text(idField);
  return id === null ? [] : [{ role, entity, recordKey: recordKeyOf(r.input.source.locationId, entity, String(id)) }];
}

/**
 * A mandatory Zoho field that is empty. Person last names follow NORMALIZER_MISSING_LAST_NAME (a
 * placeholder, or the record is dead-lettered); other mandatory fields are labels (a plan title, a
 * flag subject, a file name) and get a neutral placeholder. Either way an issue says so.
 */
function mandatory(r: RowReader, field: string, value: string | null, isLastName: boolean, label = PLACEHOLDER): string | { rejected: { code: string; reason: string } } {
  if (value !== null) return value;
  if (isLastName && r.ctx.missingLastName === 'dead-letter') {
    return { rejected: { code: 'MANDATORY_LAST_NAME_MISSING', reason: `${r.input.entity}.${field} is empty and Zoho requires Last_Name (NORMALIZER_MISSING_LAST_NAME=dead-letter)` } };
  }
  r.issues.add({ field, rule: isLastName ? 'LAST_NAME_PLACEHOLDER' : 'MANDATORY_PLACEHOLDER', severity: 'WARNING', action: 'PLACEHOLDER', before: 'empty', after: label, message: `mandatory in Zoho and empty; placeholder "${label}" written` });
  return label;
}

const BUILDERS: Record<SingleRowEntity, (r: RowReader) => Built> = {
  referring_practice: (r) => {
    const name = mandatory(r, 'name', r.tidy('name'), false);
    if (typeof name !== 'string') return name;
    return {
      fields: {
        name, phoneE164: r.phone('phone', 'phoneE164'), faxE164: r.phone('fax', 'faxE164'), email: r.email('email'),
        addressLine1: r.tidy('addressLine1'), city: r.name('city'), state: r.upperCode('state'), postalCode: r.text('postalCode'),
        sourceCreatedAt: r.dateTime('createdAt', 'sourceCreatedAt'), sourceModifiedAt: r.dateTime('modifiedAt', 'sourceModifiedAt'),
      },
      parents: [],
    };
  },
  referring_dentist: (r) => {
    const lastName = mandatory(r, 'lastName', r.name('lastName'), true);
    if (typeof lastName !== 'string') return lastName;
    return {
      fields: {
        title: r.tidy('title'), firstName: r.name('firstName'), lastName, email: r.email('email'),
        phoneE164: r.phone('phone', 'phoneE164'), faxE164: r.phone('fax', 'faxE164'),
        sourceCreatedAt: r.dateTime('createdAt', 'sourceCreatedAt'), sourceModifiedAt: r.dateTime('modifiedAt', 'sourceModifiedAt'),
      },
      parents: parent(r, 'practice', 'referring_practice', 'practiceId'),
    };
  },
  provider: (r) => {
    const lastName = mandatory(r, 'lastName', r.name('lastName'), true);
    if (typeof lastName !== 'string') return lastName;
    return {
      fields: { firstName: r.name('firstName'), lastName, credentials: r.tidy('credentials'), email: r.email('email'), npi: r.text('npi'), active: r.bool('active') },
      parents: [],
    };
  },
  clinical_note: (r) => {
    const body = clinicalNoteText({
      subjective: r.raw('subjective'), objective: r.raw('objective'), assessment: r.raw('assessment'), plan: r.raw('plan'), bodyRichText: r.raw('bodyRichText'),
    });
    let text: string | null;
    if (isProblem(body)) {
      // Unreadable RTF: keep the source text rather than lose the note.
      r.issues.add({ field: 'body', rule: body.problem, severity: 'WARNING', action: 'KEPT', before: 'rich text', after: 'raw source text', message: 'rich text could not be read; the note keeps its source text' });
      text = [r.raw('subjective'), r.raw('objective'), r.raw('assessment'), r.raw('plan'), r.raw('bodyRichText')].filter((t) => t !== null).join('\n\n');
    } else text = body;
    const noteType = r.tidy('noteType');
    const noteDate = r.dateTime('noteDate');
    return {
      fields: { noteDate, noteType, title: `${noteType ?? 'Clinical'} note${noteDate ? ` ${noteDate.slice(0, 10)}` : ''}`, body: text },
      parents: [...parent(r, 'patient', 'patient', 'patientId'), ...parent(r, 'provider', 'provider', 'providerId')],
    };
  },
  clinical_flag: (r) => {
    const flagText = mandatory(r, 'flagText', r.tidy('flagText'), false, `(${r.tidy('flagType') ?? 'flag'})`);
    if (typeof flagText !== 'string') return flagText;
    return {
      fields: { flagType: r.tidy('flagType'), flagText, dueDate: r.date('dueDate'), status: r.tidy('status'), sourceCreatedAt: r.dateTime('createdAt', 'sourceCreatedAt'), sourceModifiedAt: r.dateTime('modifiedAt', 'sourceModifiedAt') },
      parents: parent(r, 'patient', 'patient', 'patientId'),
    };
  },
  motivation_report: (r) => {
    const fileName = mandatory(r, 'fileName', r.tidy('fileName'), false, `motivation-report-${r.input.source.sourceKey}.pdf`);
    if (typeof fileName !== 'string') return fileName;
    return {
      fields: { createdAt: r.dateTime('createdAt'), fileName, pdf: r.binary('pdf') },
      parents: [...parent(r, 'patient', 'patient', 'patientId'), ...parent(r, 'exam', 'perio_chart', 'examId')],
    };
  },
  referral_letter: (r) => {
    // A PDF letter becomes an Attachment, a text letter a Note; one with neither keeps a note saying so.
    const pdf = r.binary('pdf');
    const bodyText = r.text('bodyText')?.replace(/\r\n?/g, '\n') ?? null;
    const fileName = pdf ? (r.tidy('fileName') ?? `referral-letter-${r.input.source.sourceKey}.pdf`) : r.tidy('fileName');
    if (!pdf && bodyText === null) {
      r.issues.add({ field: 'bodyText', rule: 'LETTER_EMPTY', severity: 'WARNING', action: 'KEPT', before: 'no text, no PDF', after: 'a note naming the letter only', message: 'the referral letter has neither text nor a PDF: only its date, subject and dentist migrate' });
    }
    const templateId = r.long('templateId');
    return {
      fields: { sentAt: r.dateTime('sentAt'), subject: r.tidy('subject'), body: bodyText, templateId: templateId === null ? null : String(templateId), fileName, pdf },
      parents: [...parent(r, 'patient', 'patient', 'patientId'), ...parent(r, 'referrer', 'referring_dentist', 'dentistId'), ...parent(r, 'provider', 'provider', 'providerId')],
    };
  },
};

/** One source row of a single-row entity → its normalized record (a delete carries no fields). Pure. */
export function normalizeRecord(input: SourceRecordChanged, ctx: NormalizeContext): RecordResult {
  const entity = input.entity as SingleRowEntity;
  const recordKey = recordKeyOf(input.source.locationId, entity, input.source.sourceKey);
  const r = new RowReader(input, ctx);
  if (input.operation === 'DELETE' || input.fields === null) {
    // The last image (when the input has one) still names the parents, so the writer can find the record.
    const parents = input.fields === null ? [] : (BUILDERS[entity](r) as { parents?: ParentRef[] }).parents ?? [];
    return { kind: 'normalized', record: { entity, recordKey, operation: 'DELETE', parents, fields: null, issues: [], overflow: [] } };
  }
  const built = BUILDERS[entity](r);
  if ('rejected' in built) return { kind: 'rejected', ...built.rejected };
  dropExcluded(r);
  const { fields, overflow } = applyLengthRules(entity, built.fields, ctx.overlong, r.issues);
  const record: NormalizedRecord = { entity, recordKey, operation: 'UPSERT', parents: built.parents, fields, issues: r.issues.issues, overflow };
  return { kind: 'normalized', record };
}
