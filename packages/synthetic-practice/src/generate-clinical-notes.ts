import { ID_BLOCK, type ExamPlan } from './exam-plan.ts';
import { DAY_MS, isoDay, officeHoursBetween, wallClock, type ResolvedSpec, type StoredRow } from './practice-spec.ts';
import { between, pick, seededRandom, subSeed } from './random.ts';
import { SALT } from './salts.ts';

const SUBJECTIVE = ['Pt reports gums bleed when brushing.', 'No complaints. Flossing 3x/week.', 'Sensitivity to cold, LR quadrant.', 'Pt says the "new brush" helps; some soreness after last visit.'];
const OBJECTIVE = ['Generalized 4–5 mm pockets, BOP 28 %.', 'Localized 6 mm pockets on #3 and #14, furcation II on #3.', 'Light plaque, no suppuration.', 'Mobility I on #24, #25; recession on #6.'];
const ASSESSMENT = ['Stage III Grade B periodontitis, generalized.', 'Gingivitis, improving.', 'Stable, maintenance indicated.', 'Disease progression at #3 since last exam.'];
const PLAN = ['SRP UR/LR next visit, re-eval in 6 weeks.', 'Periodontal maintenance q3 months.', 'Refer for osseous surgery consult.', 'Arestin #3 MB, #14 DB; recheck in 3 months.'];

/** A progress note as PANDA's rich-text editor stores it: RTF with escapes a normalizer must strip. */
function richText(random: () => number): string {
  const lines = [
    `{\\b Progress note}`,
    `Pt seen for ${pick(random, ['SRP', 'perio maintenance', 'post-op check', 're-evaluation'])} \\u8212? ${pick(random, ['UR, UL', 'LL, LR', 'full mouth'])}.`,
    `Anesthetic: ${between(random, 1, 3)} carpules lidocaine 2% w/ epi 1:100k.`,
    `Pt tolerated well; OHI reinforced \\{interdental brushes\\}, caf\\'e9 habit discussed.`,
    random() < 0.5 ? `{\\i Next visit:} ${between(random, 2, 12)} weeks.` : `Rx: chlorhexidine 0.12\\% rinse.`,
  ];
  return `{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fswiss Arial;}}\\f0\\fs20 ${lines.join('\\par\r\n')}\\par\r\n}`;
}

/** 1–8 notes per patient: a SOAP note at each exam, progress notes and phone calls between. */
export function* clinicalNoteRows(spec: ResolvedSpec, loc: number, index: number, plan: ExamPlan): Generator<StoredRow> {
  const random = seededRandom(subSeed(spec.seed, loc, index, SALT.notes));
  const count = Math.max(1, Math.min(8, plan.exams.length + between(random, 0, 3)));
  const rtf = spec.dirt.has('rich-text-notes');
  for (let k = 1; k <= count; k++) {
    const exam = plan.exams[Math.min(k - 1, plan.exams.length - 1)]!;
    const atExam = k <= plan.exams.length;
    const when = atExam ? exam.dateMs + between(random, 10, 90) * 60_000 : Math.min(spec.asOfMs - DAY_MS, exam.dateMs + between(random, 7, 80) * DAY_MS);
    const type = atExam ? 'SOAP' : pick(random, ['Progress', 'Progress', 'Phone', 'Referral letter']);
    const soap = type === 'SOAP';
    yield {
      noteId: (index - 1) * ID_BLOCK.notes + k,
      patientId: index,
      providerId: exam.providerId,
      noteDate: wallClock(when + between(random, 0, 999)),
      noteType: type,
      subjective: soap ? pick(random, SUBJECTIVE) : null,
      objective: soap ? pick(random, OBJECTIVE) : null,
      assessment: soap ? pick(random, ASSESSMENT) : null,
      plan: soap || random() < 0.5 ? pick(random, PLAN) : null,
      bodyRichText: !soap && rtf && random() < 0.7 ? richText(random) : !soap ? `Called pt re: ${pick(random, ['appointment', 'pre-auth', 'post-op check'])}, left message.` : null,
    };
  }
}

const FLAGS: ReadonlyArray<{ type: string; texts: readonly string[]; due: boolean }> = [
  { type: 'Medical alert', texts: ['Anticoagulant (warfarin): check INR before surgery', 'Type 2 diabetes, last HbA1c 7.4 %', 'Bisphosphonates: no extractions without MD consult'], due: false },
  { type: 'Premedication', texts: ['Amoxicillin 2 g 1 h before treatment (joint replacement)', 'Premed per cardiologist'], due: false },
  { type: 'Allergy', texts: ['Penicillin', 'Latex', 'Codeine: nausea'], due: false },
  { type: 'Recall', texts: ['Perio maintenance due', '3-month recall'], due: true },
  { type: 'Follow-up', texts: ['Re-evaluate #3 furcation', 'Call pt re: implant consult', 'Send report to referring dentist'], due: true },
];

/** Over 255 characters: Zoho's Task Subject holds 255 (nvarchar(500) in PANDA). */
const LONG_FLAG =
  'Pt has history of MRONJ risk (IV zoledronic acid 2019–2021, oncology), severe dental anxiety, and a documented reaction to epinephrine-containing anesthetics; consult MD (Dr. on file) before any surgical procedure, use plain mepivacaine only, schedule morning appointments, and confirm escort for sedation visits.';

/** 0–4 chart flags per patient: alerts and follow-ups, which become Zoho Tasks. */
export function* clinicalFlagRows(spec: ResolvedSpec, loc: number, index: number, plan: ExamPlan): Generator<StoredRow> {
  const random = seededRandom(subSeed(spec.seed, loc, index, SALT.flags));
  const count = between(random, 0, 4);
  const first = plan.exams[0]!;
  for (let k = 1; k <= count; k++) {
    const flag = pick(random, FLAGS);
    const createdMs = officeHoursBetween(random, first.dateMs, Math.min(first.dateMs + 700 * DAY_MS, spec.asOfMs - 1));
    const long = spec.dirt.has('over-long-values') && random() < 0.02;
    yield {
      flagId: (index - 1) * ID_BLOCK.flags + k,
      patientId: index,
      flagType: flag.type,
      flagText: long ? LONG_FLAG : pick(random, flag.texts),
      dueDate: flag.due ? isoDay(createdMs + between(random, 30, 180) * DAY_MS) : null,
      status: random() < 0.7 ? 'Open' : 'Done',
      createdAt: wallClock(createdMs),
      modifiedAt: wallClock(officeHoursBetween(random, createdMs, spec.asOfMs - 1)),
    };
  }
}
