import type { ExamPlan, PlannedExam } from './exam-plan.ts';
import { motivationReportPdf } from './motivation-report-pdf.ts';
import { BOOLEAN_SPELLINGS, spellFurcation, spellMobility, spellRecession, type FurcationStyle } from './perio-spellings.ts';
import { wallClock, type ResolvedSpec, type StoredRow } from './practice-spec.ts';
import { between, seededRandom, subSeed, weighted } from './random.ts';
import { SALT } from './salts.ts';
import { isMaxillaryFirstPremolar, isMolar, isThirdMolar, toothLabel, type ToothNumbering } from './tooth-numbering.ts';

export type ChartEntity = 'perio_exam' | 'perio_tooth' | 'perio_site' | 'motivation_report';

export interface ChartRow {
  entity: ChartEntity;
  row: StoredRow;
}

const SITES = ['DB', 'B', 'MB', 'DL', 'L', 'ML'] as const;
const EUROPEAN_SITES = ['DV', 'V', 'MV', 'DL', 'L', 'ML'] as const;

/** The location's charting convention (the notation is declared on every exam). */
export function locationNumbering(spec: ResolvedSpec, loc: number): ToothNumbering {
  const declared: ToothNumbering[] = ['Universal'];
  if (spec.dirt.has('tooth-numbering-fdi')) declared.push('FDI');
  if (spec.dirt.has('tooth-numbering-palmer')) declared.push('Palmer');
  return declared[loc % declared.length]!;
}

/** Teeth present (28–32, implants included) and implants, stable across a patient's exams. */
function dentition(random: () => number): { present: boolean[]; implant: boolean[] } {
  const present = Array.from({ length: 33 }, (_, t) => t > 0);
  const implant = Array.from({ length: 33 }, () => false);
  const missing = weighted(random, [0.2, 0.2, 0.2, 0.2, 0.2]);
  // Third molars go first, then any tooth.
  const order = [1, 16, 17, 32];
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  for (let n = 0; n < missing; n++) {
    const tooth = n < 2 && random() < 0.8 ? order[n]! : between(random, 1, 32);
    present[tooth] = false;
  }
  if (random() < 0.08) {
    const tooth = between(random, 2, 31);
    if (!isThirdMolar(tooth)) implant[tooth] = present[tooth] = true;
  }
  return { present, implant };
}

const DIAGNOSES = [
  ['Periodontal health', 'Plaque-induced gingivitis'],
  ['Plaque-induced gingivitis', 'Gingivitis, localized'],
  ['Stage II Grade B periodontitis, localized', 'Stage II Grade A periodontitis, generalized'],
  ['Stage III Grade B periodontitis, generalized', 'Stage IV Grade C periodontitis, generalized', 'Stage III Grade C periodontitis, molar/incisor pattern'],
];

/** One patient's charting: each exam, its 32 tooth findings, 6 sites per present tooth, maybe a report. */
export function* perioChartRows(spec: ResolvedSpec, loc: number, index: number, chartNumber: string, plan: ExamPlan, entities: ReadonlySet<string>): Generator<ChartRow> {
  const random = seededRandom(subSeed(spec.seed, loc, index, SALT.teeth));
  const numbering = locationNumbering(spec, loc);
  const labels = Array.from({ length: 33 }, (_, t) => (t === 0 ? '' : toothLabel(t, numbering)));
  const sites = numbering === 'FDI' && spec.dirt.has('european-site-names') ? EUROPEAN_SITES : SITES;
  const { present, implant } = dentition(random);
  const diseaseRate = [0, 0.05, 0.3, 0.55][plan.severity]!;
  const diseased = present.map((p) => p && random() < diseaseRate);
  const home = loc % BOOLEAN_SPELLINGS.length;
  const homeFurcation = (loc % 4) as FurcationStyle;

  for (const exam of plan.exams) {
    // One stream per exam and per part: leaving a table out (entities) never changes another's values.
    const stream = (salt: number) => seededRandom(subSeed(spec.seed, loc, index, salt, exam.examId));
    const visit = stream(SALT.examVisit);
    const bopRate = 0.12 + visit() * 0.26;
    const plaqueRate = 0.15 + visit() * 0.45;
    const otherClient = visit() < 0.15;
    const [yes, no] = BOOLEAN_SPELLINGS[spec.dirt.has('bop-spellings') ? (otherClient ? between(visit, 0, BOOLEAN_SPELLINGS.length - 1) : home) : 0]!;
    const furcationStyle = spec.dirt.has('furcation-spellings') ? (otherClient ? (between(visit, 0, 3) as FurcationStyle) : homeFurcation) : 0;
    const romanMobility = spec.dirt.has('mobility-spellings') && (loc % 2 === 1) !== otherClient;

    if (entities.has('perio_exam')) yield { entity: 'perio_exam', row: examRow(stream(SALT.examRow), exam, index, numbering, plan) };
    if (entities.has('perio_tooth')) {
      const r = stream(SALT.toothRows);
      for (let t = 1; t <= 32; t++) {
        const mobile = diseased[t]! ? between(r, 0, plan.severity) : 0;
        const invalid = spec.dirt.has('mobility-invalid') && diseased[t]! && r() < 0.01;
        const furcation = present[t]! && !implant[t]! && diseased[t]! && (isMolar(t) || (isMaxillaryFirstPremolar(t) && r() < 0.3)) ? between(r, 1, 3) : 0;
        yield {
          entity: 'perio_tooth',
          row: {
            examId: exam.examId,
            tooth: labels[t]!,
            furcation: furcation > 0 ? spellFurcation(furcation, furcationStyle) : null,
            mobility: !present[t]! ? null : invalid ? 'IV' : mobile > 0 ? spellMobility(mobile, romanMobility) : r() < 0.3 ? '0' : null,
            recessionClass: present[t]! && r() < 0.08 ? spellRecession(r, spec.dirt.has('recession-class-spellings')) : null,
            missing: !present[t]!,
            implant: implant[t]!,
          },
        };
      }
    }
    if (entities.has('perio_site')) {
      const r = stream(SALT.siteRows);
      for (let t = 1; t <= 32; t++) {
        if (!present[t]!) continue;
        for (const site of sites) {
          let depth = 1 + weighted(r, [0.22, 0.45, 0.28, 0.05]);
          let margin = r() < 0.1 ? 1 : r() < 0.02 ? -1 : 0;
          if (diseased[t]! && r() < 0.5) {
            depth += between(r, 1, plan.severity >= 3 ? 6 : 3);
            margin = between(r, 0, 3);
          }
          const bleeds = r() < (depth >= 5 ? Math.min(0.9, bopRate * 2) : bopRate * 0.9);
          yield {
            entity: 'perio_site',
            row: {
              examId: exam.examId,
              tooth: labels[t]!,
              site,
              probingDepthMm: depth,
              gingivalMarginMm: margin,
              // An unrecorded negative is common: charting clients store only the positives.
              bleeding: bleeds ? yes : r() < 0.1 ? null : no,
              suppuration: depth >= 5 && r() < 0.1 ? yes : no,
              plaque: r() < plaqueRate ? yes : no,
            },
          };
        }
      }
    }
    const report = stream(SALT.report);
    if (entities.has('motivation_report') && report() < 0.35) {
      const created = exam.dateMs + between(report, 20, 90) * 60_000 + between(report, 0, 999);
      const fileName = `Motivation_${chartNumber}_${wallClock(exam.dateMs).slice(0, 10).replaceAll('-', '')}.pdf`;
      const lines = [`Exam ${exam.examId}, ${exam.type}`, `Bleeding on probing target: below 10 %`, `Next visit in ${between(report, 3, 6)} months`];
      yield { entity: 'motivation_report', row: { reportId: exam.examId, patientId: index, examId: exam.examId, createdAt: wallClock(created), fileName, pdf: motivationReportPdf(fileName, lines) } };
    }
  }
}

function examRow(random: () => number, exam: PlannedExam, patientId: number, numbering: ToothNumbering, plan: ExamPlan): StoredRow {
  const options = DIAGNOSES[plan.severity]!;
  const created = exam.dateMs + between(random, 5, 50) * 60_000 + between(random, 0, 999);
  return {
    examId: exam.examId,
    patientId,
    providerId: exam.providerId,
    examDate: wallClock(exam.dateMs),
    examType: exam.type,
    comparedToExamId: exam.comparedToExamId,
    toothNumbering: numbering,
    diagnosis: options[Math.floor(random() * options.length)]!,
    notes: random() < 0.4 ? `Pt reports ${random() < 0.5 ? 'bleeding when brushing' : 'no sensitivity'}; OHI given, "interdental brushes" reviewed.\r\nRecall ${between(random, 3, 6)} mo.` : null,
    createdAt: wallClock(created),
    modifiedAt: wallClock(created + between(random, 0, 30) * 86_400_000),
  };
}
