import { ID_BLOCK, type ExamPlan } from './exam-plan.ts';
import { DAY_MS, isoDay, wallClock, type ResolvedSpec, type StoredRow } from './practice-spec.ts';
import { between, pick, seededRandom, subSeed, weighted } from './random.ts';
import { SALT } from './salts.ts';

type TeethKind = 'quadrant' | 'tooth' | 'sextant' | 'none';

/** Periodontal CDT codes (perio-domain B.4), paraphrased nomenclature, a typical fee in cents. */
const CDT: ReadonlyArray<{ code: string; description: string; feeCents: number; teeth: TeethKind; phase: number }> = [
  { code: 'D0180', description: 'Comprehensive periodontal evaluation, new or established patient', feeCents: 11_500, teeth: 'none', phase: 1 },
  { code: 'D1110', description: 'Prophylaxis, adult', feeCents: 9_800, teeth: 'none', phase: 1 },
  { code: 'D4355', description: 'Full mouth debridement to enable a comprehensive evaluation', feeCents: 17_500, teeth: 'none', phase: 1 },
  { code: 'D4341', description: 'Periodontal scaling and root planing, four or more teeth per quadrant', feeCents: 24_500, teeth: 'quadrant', phase: 1 },
  { code: 'D4342', description: 'Periodontal scaling and root planing, one to three teeth per quadrant', feeCents: 16_500, teeth: 'quadrant', phase: 1 },
  { code: 'D4381', description: 'Localized delivery of antimicrobial agents, per tooth', feeCents: 9_000, teeth: 'tooth', phase: 1 },
  { code: 'D4260', description: 'Osseous surgery, four or more contiguous teeth or tooth-bounded spaces per quadrant', feeCents: 115_000, teeth: 'quadrant', phase: 2 },
  { code: 'D4261', description: 'Osseous surgery, one to three contiguous teeth or tooth-bounded spaces per quadrant', feeCents: 85_000, teeth: 'quadrant', phase: 2 },
  { code: 'D4263', description: 'Bone replacement graft, retained natural tooth, first site in quadrant', feeCents: 72_000, teeth: 'tooth', phase: 2 },
  { code: 'D4264', description: 'Bone replacement graft, retained natural tooth, each additional site in quadrant', feeCents: 45_000, teeth: 'tooth', phase: 2 },
  { code: 'D7140', description: 'Extraction, erupted tooth or exposed root', feeCents: 19_500, teeth: 'tooth', phase: 2 },
  { code: 'D7210', description: 'Extraction, erupted tooth requiring removal of bone and/or sectioning of tooth', feeCents: 32_500, teeth: 'tooth', phase: 2 },
  { code: 'D7953', description: 'Bone replacement graft for ridge preservation, per site', feeCents: 48_000, teeth: 'tooth', phase: 2 },
  { code: 'D6010', description: 'Surgical placement of implant body: endosteal implant', feeCents: 215_000, teeth: 'tooth', phase: 3 },
  { code: 'D4910', description: 'Periodontal maintenance', feeCents: 15_500, teeth: 'none', phase: 4 },
];

const TITLES = ['Phase I therapy', 'Initial therapy (SRP)', 'Surgical phase', 'Implant therapy', 'Periodontal maintenance', 'Comprehensive periodontal treatment'];
const QUADRANTS = ['UR', 'UL', 'LL', 'LR'];

function teethText(random: () => number, kind: TeethKind, messy: boolean): string | null {
  if (kind === 'none') return messy && random() < 0.3 ? pick(random, ['all', 'FMX', 'full mouth']) : null;
  if (kind === 'tooth') {
    const tooth = between(random, 2, 31);
    return messy ? pick(random, [String(tooth), `#${tooth}`, `#${tooth} #${tooth + 1}`, `${tooth},${tooth + 1}`]) : String(tooth);
  }
  const q = between(random, 0, 3);
  const start = [2, 9, 18, 25][q]!;
  if (!messy) return QUADRANTS[q]!;
  return pick(random, [QUADRANTS[q]!, `Q${q + 1}`, `${start}-${start + 6}`, `${start},${start + 1},${start + 2},${start + 3}`, `${QUADRANTS[q]} quad`]);
}

function codeText(random: () => number, code: string, messy: boolean): string {
  if (!messy || random() < 0.7) return code;
  const digits = code.slice(1);
  return pick(random, [digits, `0${digits}`, code.toLowerCase()]);
}

/** 0–3 plans per patient, each with 1–8 procedures, presented after an exam. */
export function* treatmentPlanRows(spec: ResolvedSpec, loc: number, index: number, plan: ExamPlan, entities: ReadonlySet<string>): Generator<{ entity: 'treatment_plan' | 'treatment_procedure'; row: StoredRow }> {
  const random = seededRandom(subSeed(spec.seed, loc, index, SALT.plans));
  const count = Math.min(weighted(random, [0.3, 0.4, 0.2, 0.1]), plan.exams.length);
  const messyCodes = spec.dirt.has('cdt-code-variants');
  const messyTeeth = spec.dirt.has('teeth-list-formats');
  for (let k = 1; k <= count; k++) {
    const planId = (index - 1) * ID_BLOCK.plans + k;
    const exam = plan.exams[k - 1]!;
    // Each plan, and its procedures, draw from their own streams: leaving plans or procedures out
    // (entities) never changes the other's values.
    const p = seededRandom(subSeed(spec.seed, loc, index, SALT.plans, planId));
    const presented = exam.dateMs + between(p, 0, 21) * DAY_MS;
    const created = exam.dateMs + between(p, 30, 240) * 60_000 + between(p, 0, 999);
    const status = pick(p, ['Proposed', 'Accepted', 'Accepted', 'Completed', 'Declined']);
    if (entities.has('treatment_plan')) {
      yield {
        entity: 'treatment_plan',
        row: {
          planId,
          patientId: index,
          providerId: exam.providerId,
          title: pick(p, TITLES),
          status,
          presentedDate: isoDay(Math.min(presented, spec.asOfMs)),
          notes: p() < 0.3 ? `Discussed risks, benefits and alternatives, incl. "no treatment". Pt ${p() < 0.5 ? 'will call' : 'agreed'}; insurance pre-auth sent.` : null,
          createdAt: wallClock(created),
          modifiedAt: wallClock(created + between(p, 0, 60) * DAY_MS),
        },
      };
    }
    if (!entities.has('treatment_procedure')) continue;
    const r = seededRandom(subSeed(spec.seed, loc, index, SALT.procedures, planId));
    const procedures = between(r, 1, 8);
    for (let j = 1; j <= procedures; j++) {
      const cdt = pick(r, CDT);
      // Fees vary by office and year: ±15 %, whole cents.
      const cents = Math.round(cdt.feeCents * (0.85 + r() * 0.3));
      yield {
        entity: 'treatment_procedure',
        row: {
          procedureId: planId * ID_BLOCK.proceduresPerPlan + j,
          planId,
          phase: cdt.phase,
          cdtCode: codeText(r, cdt.code, messyCodes),
          teeth: teethText(r, cdt.teeth, messyTeeth),
          description: cdt.description,
          fee: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`,
          status: status === 'Completed' ? 'Completed' : status === 'Declined' ? 'Declined' : pick(r, ['Planned', 'Scheduled', 'Completed']),
        },
      };
    }
  }
}
