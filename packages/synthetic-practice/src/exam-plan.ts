import { DAY_MS, type ResolvedSpec } from './practice-spec.ts';
import { between, pick, seededRandom, subSeed, weighted } from './random.ts';
import { SALT } from './salts.ts';

/**
 * Ids are allocated in fixed blocks per patient (patient n owns ExamIDs 8(n−1)+1 … 8(n−1)+6, and so
 * on), so one patient's rows can be regenerated without generating everyone before them: the change
 * phase needs before-images, and 2,000,000 rows are never held in memory. Real identity columns have
 * gaps too.
 */
export const ID_BLOCK = { exams: 8, plans: 4, proceduresPerPlan: 16, notes: 16, flags: 8 } as const;

export interface PlannedExam {
  examId: number;
  /** Wall-clock epoch ms, whole seconds (ExamDate is a legacy datetime). */
  dateMs: number;
  type: string;
  comparedToExamId: number | null;
  providerId: number;
}

/** 0 healthy, 1 gingivitis, 2 moderate periodontitis, 3 severe: drives depths, mobility, furcations. */
export type Severity = 0 | 1 | 2 | 3;

export interface ExamPlan {
  severity: Severity;
  exams: PlannedExam[];
}

const COUNT_WEIGHTS = [0.25, 0.2, 0.2, 0.15, 0.1, 0.1];

/** 1–6 exams: an initial exam within two months of registration, then visits 3–13 months apart. */
export function examPlan(spec: ResolvedSpec, loc: number, index: number, createdMs: number, providers: number): ExamPlan {
  const random = seededRandom(subSeed(spec.seed, loc, index, SALT.exams));
  const severity = weighted(random, [0.3, 0.3, 0.25, 0.15]) as Severity;
  const wanted = 1 + weighted(random, COUNT_WEIGHTS);
  const provider = between(random, 1, providers);
  const exams: PlannedExam[] = [];
  const day = Math.floor(createdMs / DAY_MS) * DAY_MS;
  let at = day + between(random, 0, 60) * DAY_MS;
  for (let n = 1; n <= wanted && at < spec.asOfMs; n++) {
    const examId = (index - 1) * ID_BLOCK.exams + n;
    const previous = exams.at(-1);
    exams.push({
      examId,
      dateMs: at + between(random, 32, 67) * 15 * 60_000,
      type: n === 1 ? 'Initial' : n === 2 && random() < 0.6 ? 'Re-evaluation' : pick(random, ['Comparison', 'Maintenance']),
      comparedToExamId: previous?.examId ?? null,
      providerId: random() < 0.8 ? provider : between(random, 1, providers),
    });
    at += between(random, 90, 400) * DAY_MS;
  }
  return { severity, exams };
}
