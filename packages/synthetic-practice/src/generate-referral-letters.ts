import type { ExamPlan } from './exam-plan.ts';
import { motivationReportPdf } from './motivation-report-pdf.ts';
import { DAY_MS, officeHoursBetween, wallClock, type ResolvedSpec, type StoredRow } from './practice-spec.ts';
import { between, pick, seededRandom, subSeed } from './random.ts';
import { SALT } from './salts.ts';
import { referringDentistRows, type StaffPlan } from './generate-staff.ts';

/**
 * Referral letters: PANDA renders a template («MergeField» placeholders) for a patient and sends it to
 * the referring dentist, as text or as a PDF. Every location has the same three templates.
 */
export const LETTER_TEMPLATES = [
  {
    templateId: 1,
    name: 'Consultation report',
    subject: 'Consultation: «PatientFirstName» «PatientLastName»',
    body: 'Dear «DentistTitle» «DentistLastName»,\n\nThank you for referring «PatientFirstName» «PatientLastName» (born «PatientBirthDate»). We saw them on «ExamDate»; our findings: «Diagnosis».\n\nWe will keep you informed.\n\n«ProviderName»',
  },
  {
    templateId: 2,
    name: 'Treatment completed',
    subject: 'Treatment completed: «PatientLastName»',
    body: 'Dear «DentistTitle» «DentistLastName»,\n\n«PatientFirstName» «PatientLastName» has completed active periodontal therapy on «ExamDate». We recommend periodontal maintenance every 3 months, alternating with your office.\n\n«ProviderName»',
  },
  {
    templateId: 3,
    name: 'Thank you for the referral',
    subject: 'Thank you',
    body: 'Dear «DentistTitle» «DentistLastName»,\n\nThank you for the referral of «PatientFirstName» «PatientLastName». An appointment is scheduled.\n\nKind regards,\n«ProviderName»',
  },
] as const;

const FINDINGS = ['generalized moderate periodontitis', 'localized severe periodontitis on the molars', 'gingivitis', 'stable periodontal health'];
const LETTERS_PER_PATIENT = 4;

export function* letterTemplateRows(spec: ResolvedSpec, loc: number): Generator<StoredRow> {
  const random = seededRandom(subSeed(spec.seed, loc, SALT.templates));
  for (const t of LETTER_TEMPLATES) {
    const created = Date.UTC(2012, 0, 1) + between(random, 0, 2000) * DAY_MS + between(random, 8, 17) * 3_600_000;
    yield { templateId: t.templateId, name: t.name, subject: t.subject, body: t.body, createdAt: wallClock(created), modifiedAt: wallClock(created + between(random, 0, 900) * DAY_MS) };
  }
}

const dentistCache = new Map<string, Map<number, { title: string | null; lastName: string }>>();

function dentistsOf(spec: ResolvedSpec, loc: number, staff: StaffPlan): Map<number, { title: string | null; lastName: string }> {
  const key = `${spec.seed}|${loc}|${[...spec.dirt].sort().join(',')}`;
  let map = dentistCache.get(key);
  if (!map) {
    map = new Map([...referringDentistRows(spec, loc, staff)].map((r) => [r['dentistId'] as number, { title: (r['title'] as string | null) ?? null, lastName: r['lastName'] as string }]));
    if (dentistCache.size > 16) dentistCache.clear();
    dentistCache.set(key, map);
  }
  return map;
}

export function renderTemplate(text: string, values: Record<string, string>): string {
  return text.replace(/«(\w+)»/g, (whole, name: string) => values[name] ?? whole);
}

/** 0–2 letters to the patient's referring dentist (only patients that have one), after an exam; ~30 % as PDF. */
export function* referralLetterRows(spec: ResolvedSpec, loc: number, index: number, patient: StoredRow, plan: ExamPlan, staff: StaffPlan): Generator<StoredRow> {
  const dentistId = patient['referringDentistId'] as number | null;
  if (dentistId === null || dentistId === undefined) return;
  const random = seededRandom(subSeed(spec.seed, loc, index, SALT.letters));
  const count = between(random, 0, 2);
  const dentist = dentistsOf(spec, loc, staff).get(dentistId);
  for (let k = 1; k <= count; k++) {
    const exam = plan.exams[Math.min(k - 1, plan.exams.length - 1)]!;
    const template = pick(random, LETTER_TEMPLATES);
    const sent = officeHoursBetween(random, exam.dateMs + DAY_MS, Math.max(exam.dateMs + 2 * DAY_MS, Math.min(spec.asOfMs - 1, exam.dateMs + 20 * DAY_MS)));
    const values = {
      DentistTitle: dentist?.title ?? 'Dr.',
      DentistLastName: dentist?.lastName ?? 'Colleague',
      PatientFirstName: (patient['firstName'] as string | null) ?? '',
      PatientLastName: (patient['lastName'] as string | null) ?? '',
      PatientBirthDate: (patient['dateOfBirth'] as string | null) ?? 'unknown',
      ExamDate: wallClock(exam.dateMs).slice(0, 10),
      Diagnosis: pick(random, FINDINGS),
      ProviderName: `Provider ${exam.providerId}`,
    };
    const subject = renderTemplate(template.subject, values);
    const body = renderTemplate(template.body, values);
    const asPdf = random() < 0.3;
    const letterId = (index - 1) * LETTERS_PER_PATIENT + k;
    const fileName = asPdf ? `referral-letter-${letterId}.pdf` : null;
    yield {
      letterId,
      patientId: index,
      dentistId,
      providerId: exam.providerId,
      templateId: template.templateId,
      sentAt: wallClock(sent),
      subject,
      bodyText: asPdf ? null : body,
      fileName,
      pdf: asPdf ? motivationReportPdf(fileName!, body.split('\n').filter((l) => l !== ''), 'Referral letter') : null,
    };
  }
}
