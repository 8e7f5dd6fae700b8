import { problem, type DomainProblem } from './domain-problem.ts';

/**
 * Per-site and per-tooth periodontal findings (perio-domain B.2) read from the spellings charting clients
 * use (PerioSiteMeasurements, PerioToothFindings). Blank means "not recorded" and reads as null; a value
 * we cannot read is a problem code, never a guess.
 */

// ——— bleeding / suppuration / plaque ———

const FLAG_YES = new Set(['Y', 'YES', '1', '+', 'TRUE', 'T', 'X']);
// '−' is U+2212 (minus sign) and '–' U+2013 (en dash): clients that typeset the sign store it.
const FLAG_NO = new Set(['N', 'NO', '0', '-', '−', '–', 'FALSE', 'F']);

export type PerioFlagProblemCode = 'PERIO_FLAG_UNREADABLE';

/** Bleeding, suppuration or plaque: true/false, null when unrecorded (blank). */
export function parsePerioFlag(raw: string | null): boolean | null | DomainProblem<PerioFlagProblemCode> {
  if (raw === null) return null;
  const key = raw.replace(/\s+/g, '').toUpperCase();
  if (key === '') return null;
  if (FLAG_YES.has(key)) return true;
  if (FLAG_NO.has(key)) return false;
  return problem('PERIO_FLAG_UNREADABLE');
}

// ——— site names ———

export type SiteName = 'DB' | 'B' | 'MB' | 'DL' | 'L' | 'ML';

/**
 * European charts name the outer surface "vestibular" (V) where US charts say buccal/facial (B), and the
 * inner surface stays lingual (L; "palatal" P on maxillary teeth). Mesial/distal mean the same in both.
 * So MV→MB, V→B, DV→DB, and ML/L/DL are unchanged — exactly the generator's EUROPEAN_SITES ↔ SITES
 * pairing (DV↔DB, V↔B, MV↔MB). B.2 lists the European names in another order (MV, V, DV, ML, L, DL):
 * that is charting order, not a position-for-position mapping onto DB, B, MB.
 * Facial (F, MF, DF) and palatal (P, MP, DP) are the other synonyms seen on charts.
 */
const SITE_SYNONYMS: Readonly<Record<string, SiteName>> = {
  DB: 'DB', B: 'B', MB: 'MB', DL: 'DL', L: 'L', ML: 'ML',
  DV: 'DB', V: 'B', MV: 'MB',
  DF: 'DB', F: 'B', MF: 'MB',
  DP: 'DL', P: 'L', MP: 'ML',
};

export function parseSiteName(raw: string | null): SiteName | DomainProblem<'SITE_NAME_EMPTY' | 'SITE_NAME_UNREADABLE'> {
  const key = (raw ?? '').replace(/[\s.]+/g, '').toUpperCase();
  if (key === '') return problem('SITE_NAME_EMPTY');
  return SITE_SYNONYMS[key] ?? problem('SITE_NAME_UNREADABLE');
}

// ——— gingival margin, recession, CAL ———

/**
 * How a source signs its gingival margin. Our canonical `recession_mm` is positive when the margin lies
 * APICAL to the CEJ (recession) and negative when coronal to it (overgrowth / pseudo-pocket).
 * - 'positive-apical': PANDA as the synthetic generator writes it — diseased sites get margins 0…+3 and
 *   healthy ones mostly 0, occasionally +1 or −1 (generate-perio-chart.ts), so positive is recession.
 *   No comment in the generator states the sign; this is read from how the values follow disease.
 * - 'positive-coronal': Open Dental's GM (positive = margin coronal to the CEJ; B.2).
 */
export type GingivalMarginConvention = 'positive-apical' | 'positive-coronal';

export const PANDA_GINGIVAL_MARGIN_CONVENTION: GingivalMarginConvention = 'positive-apical';

// Plausibility bounds: DentalPin allows −5…+10; beyond ±15 mm is a typing error, not anatomy.
const MAX_MARGIN_MM = 15;
const MAX_PROBING_DEPTH_MM = 20;

export type RecessionProblemCode = 'GINGIVAL_MARGIN_OUT_OF_RANGE';

export function recessionFromGingivalMargin(marginMm: number | null, convention: GingivalMarginConvention): number | null | DomainProblem<RecessionProblemCode> {
  if (marginMm === null) return null;
  if (!Number.isInteger(marginMm) || Math.abs(marginMm) > MAX_MARGIN_MM) return problem('GINGIVAL_MARGIN_OUT_OF_RANGE');
  const recession = convention === 'positive-apical' ? marginMm : -marginMm;
  return recession === 0 ? 0 : recession; // never -0
}

export type AttachmentProblemCode = 'PROBING_DEPTH_OUT_OF_RANGE' | 'GINGIVAL_MARGIN_OUT_OF_RANGE';

/**
 * Indirect clinical attachment level CAL = PD + recession (B.2; it overestimates direct CAL by ~0.5 mm).
 * Null when either part is unrecorded. A pseudo-pocket (negative recession) lowers CAL; it is not clamped.
 */
export function clinicalAttachmentLevel(probingDepthMm: number | null, recessionMm: number | null): number | null | DomainProblem<AttachmentProblemCode> {
  if (probingDepthMm !== null && (!Number.isInteger(probingDepthMm) || probingDepthMm < 0 || probingDepthMm > MAX_PROBING_DEPTH_MM)) return problem('PROBING_DEPTH_OUT_OF_RANGE');
  if (recessionMm !== null && (!Number.isInteger(recessionMm) || Math.abs(recessionMm) > MAX_MARGIN_MM)) return problem('GINGIVAL_MARGIN_OUT_OF_RANGE');
  if (probingDepthMm === null || recessionMm === null) return null;
  return probingDepthMm + recessionMm;
}

// ——— BOP % ———

export interface ProbedSite {
  readonly probingDepthMm: number | null;
  /** Already read by parsePerioFlag; null = not recorded. */
  readonly bleeding: boolean | null;
}

/**
 * Ainamo & Bay BOP % over one exam: bleeding sites ÷ sites probed × 100, one decimal. A site counts as
 * probed when it has a probing depth. An unrecorded bleeding value on a probed site counts as NOT
 * bleeding: charting clients often store only the positives (generate-perio-chart.ts says so).
 */
export function bleedingOnProbingPercent(sites: readonly ProbedSite[]): number | DomainProblem<'NO_SITES_PROBED'> {
  let probed = 0;
  let bleeding = 0;
  for (const site of sites) {
    if (site.probingDepthMm === null) continue;
    probed += 1;
    if (site.bleeding === true) bleeding += 1;
  }
  if (probed === 0) return problem('NO_SITES_PROBED');
  return Math.round((bleeding / probed) * 1000) / 10;
}

// ——— furcation, mobility, recession class ———

/** Source text without case, spaces or dots: 'Cl. II' → 'CLII', 'Grade 2' → 'GRADE2'. */
function compact(raw: string): string {
  return raw.replace(/[\s.]+/g, '').toUpperCase();
}

const ROMAN: Readonly<Record<string, number>> = { I: 1, II: 2, III: 3, IV: 4 };

function gradeOf(token: string): number {
  return ROMAN[token] ?? Number(token);
}

export type FurcationScale = 'Glickman' | 'Hamp';

export interface Furcation {
  readonly scale: FurcationScale;
  /** 0 = no involvement; Glickman I–IV as 1–4, Hamp degree 1–3. */
  readonly grade: 0 | 1 | 2 | 3 | 4;
  readonly raw: string;
}

export type FurcationProblemCode = 'FURCATION_UNREADABLE' | 'FURCATION_GRADE_OUT_OF_RANGE';

/**
 * Furcation involvement (B.2). The generator writes ONE grade as 'II', '2', 'Class II' or 'F2'
 * (perio-spellings.ts: "Glickman/Hamp grade 1–3"), so all four spellings are the same scale: we read
 * them — and 'Grade 2' — as Glickman, the scale whose roman numerals and "class/grade" words they carry.
 * A bare digit is therefore Glickman too (also how Open Dental's 0–3 furcation field is used). Hamp is
 * only read when the source says so ('Degree 2', 'Hamp 2'); Hamp has no degree 4. The source scale is
 * kept: Glickman II and Hamp 2 are not the same measurement and are not converted into each other.
 */
export function parseFurcation(raw: string | null): Furcation | null | DomainProblem<FurcationProblemCode> {
  if (raw === null || raw.trim() === '') return null;
  const key = compact(raw);
  const hamp = /^(?:HAMP|DEGREE|DEG)(IV|III|II|I|\d)$/.exec(key);
  if (hamp) {
    const grade = gradeOf(hamp[1]!);
    return grade <= 3 ? { scale: 'Hamp', grade: grade as Furcation['grade'], raw } : problem('FURCATION_GRADE_OUT_OF_RANGE');
  }
  const glickman = /^(?:GLICKMAN|CLASS|CL|GRADE|F)?(IV|III|II|I|\d)$/.exec(key);
  if (!glickman) return problem('FURCATION_UNREADABLE');
  const grade = gradeOf(glickman[1]!);
  return grade <= 4 ? { scale: 'Glickman', grade: grade as Furcation['grade'], raw } : problem('FURCATION_GRADE_OUT_OF_RANGE');
}

export type MillerMobility = 0 | 1 | 2 | 3;

export type MobilityProblemCode = 'MOBILITY_UNREADABLE' | 'MOBILITY_GRADE_IV_NOT_MILLER';

/**
 * Miller mobility 0–3 from digits or roman numerals (optionally 'Class'/'Grade'/'Miller'). Miller has no
 * grade IV: some pages mislabel the scale I–IV (B.2), so a IV cannot be mapped safely and is rejected.
 */
export function parseMobility(raw: string | null): MillerMobility | null | DomainProblem<MobilityProblemCode> {
  if (raw === null || raw.trim() === '') return null;
  const match = /^(?:MILLER|CLASS|CL|GRADE|M)?(IV|III|II|I|\d)$/.exec(compact(raw));
  if (!match) return problem('MOBILITY_UNREADABLE');
  const grade = gradeOf(match[1]!);
  if (grade === 4) return problem('MOBILITY_GRADE_IV_NOT_MILLER');
  return grade <= 3 ? (grade as MillerMobility) : problem('MOBILITY_UNREADABLE');
}

export type RecessionClass =
  | { readonly scale: 'Miller'; readonly recessionClass: 'I' | 'II' | 'III' | 'IV'; readonly raw: string }
  | { readonly scale: 'Cairo'; readonly recessionClass: 'RT1' | 'RT2' | 'RT3'; readonly raw: string };

const MILLER_CLASSES = ['I', 'II', 'III', 'IV'] as const;
const CAIRO_CLASSES = ['RT1', 'RT2', 'RT3'] as const;

/**
 * Recession class: Miller 1985 I–IV ('II', 'Cl. II', 'Class 2', 'M II', 'Miller II') or Cairo 2011
 * RT1–RT3 ('RT2', 'RT 2'). Cairo always carries "RT", so a bare numeral or digit is Miller. The scales
 * are not converted into each other (Cairo RT depends on interproximal loss Miller does not measure).
 */
export function parseRecessionClass(raw: string | null): RecessionClass | null | DomainProblem<'RECESSION_CLASS_UNREADABLE'> {
  if (raw === null || raw.trim() === '') return null;
  const key = compact(raw);
  const cairo = /^(?:CAIRO)?RT([1-3])$/.exec(key);
  if (cairo) return { scale: 'Cairo', recessionClass: CAIRO_CLASSES[Number(cairo[1]) - 1]!, raw };
  const miller = /^(?:MILLER|CLASS|CL|M)?(IV|III|II|I|[1-4])$/.exec(key);
  if (!miller) return problem('RECESSION_CLASS_UNREADABLE');
  return { scale: 'Miller', recessionClass: MILLER_CLASSES[gradeOf(miller[1]!) - 1]!, raw };
}
