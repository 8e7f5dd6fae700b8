import type { Furcation, MillerMobility, SiteName } from './perio-values.ts';

/**
 * A PROVISIONAL 2017 AAP/EFP periodontitis stage derived from one exam's chart data (perio-domain B.2).
 *
 * This is a migration aid, not a diagnosis. A final stage needs radiographic bone loss, the number of
 * teeth lost TO PERIODONTITIS, and a clinician's judgement — none of which a chart holds. The result is
 * always labelled provisional and must never overwrite or be shown in place of the clinician's own
 * diagnosis (PerioExams.Diagnosis); store it beside it.
 *
 * Caveat on inputs: CAL here is indirect (PD + recession), which overestimates direct CAL by ~0.5 mm on
 * average, and more where a chart records a healthy margin as 0 instead of 1–2 mm coronal to the CEJ.
 */
export type PerioStage = 'I' | 'II' | 'III' | 'IV';

export interface StagingFindings {
  /** Worst interdental (mesial/distal site) clinical attachment level, mm. */
  readonly maxInterdentalCalMm: number | null;
  /** Whether interdental CAL ≥ 1 mm is seen at ≥ 2 non-adjacent teeth: the 2017 periodontitis case definition. */
  readonly interdentalLossAtNonAdjacentTeeth: boolean;
  readonly maxProbingDepthMm: number | null;
  readonly worstFurcation: Pick<Furcation, 'scale' | 'grade'> | null;
  readonly maxMobility: MillerMobility | null;
  /** Natural teeth and implants present; null when the exam does not say. */
  readonly teethPresent: number | null;
}

export interface ProvisionalStage {
  readonly stage: PerioStage | null;
  readonly provisional: true;
  /** Which thresholds set the stage, and what was not assessed; never the measured values themselves. */
  readonly basis: readonly string[];
}

const RANK: readonly PerioStage[] = ['I', 'II', 'III', 'IV'];

const NOT_ASSESSED = 'not assessed from chart data: radiographic bone loss, tooth loss due to periodontitis, grade';

function atLeast(current: PerioStage, floor: PerioStage): PerioStage {
  return RANK.indexOf(floor) > RANK.indexOf(current) ? floor : current;
}

export function provisionalStage(findings: StagingFindings): ProvisionalStage {
  const cal = findings.maxInterdentalCalMm;
  if (!findings.interdentalLossAtNonAdjacentTeeth || cal === null || cal < 1) {
    return { stage: null, provisional: true, basis: ['no periodontitis case: interdental CAL ≥1 mm not found at ≥2 non-adjacent teeth'] };
  }
  const basis: string[] = [];
  // Severity: interdental CAL sets the starting stage.
  let stage: PerioStage = cal >= 5 ? 'III' : cal >= 3 ? 'II' : 'I';
  basis.push(cal >= 5 ? 'interdental CAL ≥5 mm → III' : cal >= 3 ? 'interdental CAL 3–4 mm → II' : 'interdental CAL 1–2 mm → I');

  // Complexity factors only ever raise the stage.
  const pd = findings.maxProbingDepthMm;
  if (pd !== null && pd >= 6 && stage !== 'III') {
    stage = atLeast(stage, 'III');
    basis.push('max PD ≥6 mm → III');
  } else if (pd !== null && pd === 5 && stage === 'I') {
    stage = 'II';
    basis.push('max PD 5 mm → II');
  }
  // Glickman II–IV and Hamp 2–3 are both "class II or III" furcation involvement in the 2017 table.
  if (findings.worstFurcation !== null && findings.worstFurcation.grade >= 2 && RANK.indexOf(stage) < 2) {
    stage = 'III';
    basis.push('furcation class II/III → III');
  }
  // Stage IV = stage III severity plus a need for complex rehabilitation.
  if (stage === 'III') {
    if (findings.maxMobility !== null && findings.maxMobility >= 2) basis.push('mobility ≥2 (secondary occlusal trauma) → IV');
    if (findings.teethPresent !== null && findings.teethPresent < 20) basis.push('fewer than 20 teeth present → IV');
    if (basis.some((b) => b.endsWith('→ IV'))) stage = 'IV';
  }
  if (findings.teethPresent === null) basis.push('teeth present not recorded');
  basis.push(NOT_ASSESSED);
  return { stage, provisional: true, basis };
}

// ——— from chart rows to findings ———

export interface StagingSite {
  /** Canonical Universal permanent label '1'–'32' (tooth-numbers.ts); other labels are ignored. */
  readonly universal: string;
  readonly site: SiteName;
  readonly probingDepthMm: number | null;
  readonly calMm: number | null;
}

export interface StagingTooth {
  readonly universal: string;
  readonly present: boolean;
  readonly furcation: Pick<Furcation, 'scale' | 'grade'> | null;
  readonly mobility: MillerMobility | null;
}

// Interdental sites are the proximal ones; B and L are mid-facial/mid-lingual and do not count.
const INTERDENTAL: ReadonlySet<SiteName> = new Set(['DB', 'MB', 'DL', 'ML']);

/** Universal neighbours in the same arch (8–9 and 24–25 meet at the midline; 16–17 do not touch). */
function adjacent(a: number, b: number): boolean {
  return Math.abs(a - b) === 1 && (a <= 16) === (b <= 16);
}

function maxOf(values: ReadonlyArray<number | null>): number | null {
  const present = values.filter((v): v is number => v !== null);
  return present.length > 0 ? Math.max(...present) : null;
}

/** Summarises one exam's normalized sites and teeth into the findings staging reads. */
export function stagingFindings(sites: readonly StagingSite[], teeth: readonly StagingTooth[]): StagingFindings {
  const interdental = sites.filter((s) => INTERDENTAL.has(s.site) && /^\d+$/.test(s.universal) && Number(s.universal) <= 32);
  const withLoss = [...new Set(interdental.filter((s) => s.calMm !== null && s.calMm >= 1).map((s) => Number(s.universal)))];
  const nonAdjacentPair = withLoss.some((a) => withLoss.some((b) => a !== b && !adjacent(a, b)));
  const furcations = teeth.map((t) => t.furcation).filter((f): f is NonNullable<typeof f> => f !== null);
  const worstFurcation = furcations.reduce<StagingTooth['furcation']>((worst, f) => (worst === null || f.grade > worst.grade ? f : worst), null);
  const mobility = maxOf(teeth.map((t) => t.mobility));
  return {
    maxInterdentalCalMm: maxOf(interdental.map((s) => s.calMm)),
    interdentalLossAtNonAdjacentTeeth: nonAdjacentPair,
    maxProbingDepthMm: maxOf(sites.map((s) => s.probingDepthMm)),
    worstFurcation,
    maxMobility: mobility as MillerMobility | null,
    teethPresent: teeth.length > 0 ? teeth.filter((t) => t.present).length : null,
  };
}
