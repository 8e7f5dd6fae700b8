import { problem, type DomainProblem } from './domain-problem.ts';
import { parseToothLabel, type Tooth, type ToothNumbering } from './tooth-numbers.ts';

/**
 * CDT procedure codes and the teeth a procedure names (perio-domain B.4; TreatmentProcedures.CdtCode and
 * .Teeth). Old systems store D4341 as '4341' (IHS RPMS), '04341' (Open Dental numeric codes) or 'd4341'.
 */

export interface CdtCode {
  /** 'D' + 4 digits. */
  readonly code: string;
  /** As stored; kept because retired codes and version years are read from the original (B.4). */
  readonly raw: string;
}

export type CdtProblemCode = 'CDT_CODE_EMPTY' | 'CDT_CODE_UNREADABLE';

export function parseCdtCode(raw: string | null): CdtCode | DomainProblem<CdtProblemCode> {
  if (raw === null || raw.trim() === '') return problem('CDT_CODE_EMPTY');
  const match = /^(?:[Dd]|0)?(\d{4})$/.exec(raw.trim());
  return match ? { code: `D${match[1]}`, raw } : problem('CDT_CODE_UNREADABLE');
}

// ——— teeth lists ———

export type Quadrant = 'UR' | 'UL' | 'LL' | 'LR';
export type Arch = 'upper' | 'lower';

export type TeethDesignation =
  | { readonly kind: 'teeth'; readonly teeth: readonly Tooth[] }
  | { readonly kind: 'quadrant'; readonly quadrant: Quadrant }
  | { readonly kind: 'arch'; readonly arch: Arch }
  | { readonly kind: 'full-mouth' };

export type TeethProblemCode = 'TEETH_LIST_UNREADABLE' | 'TEETH_RANGE_UNREADABLE';

// FDI quadrant order (1 UR, 2 UL, 3 LL, 4 LR): the generator writes Q1–Q4 in the same order as UR–LR.
const QUADRANTS: readonly Quadrant[] = ['UR', 'UL', 'LL', 'LR'];
const FULL_MOUTH = new Set(['ALL', 'FMX', 'FULLMOUTH', 'FM', 'FULLMOUTHDEBRIDEMENT']);
const ARCHES: Readonly<Record<string, Arch>> = { UA: 'upper', UPPER: 'upper', MAX: 'upper', MAXILLARY: 'upper', LA: 'lower', LOWER: 'lower', MAND: 'lower', MANDIBULAR: 'lower' };

function readArea(key: string): TeethDesignation | null {
  if (FULL_MOUTH.has(key)) return { kind: 'full-mouth' };
  const arch = ARCHES[key.replace(/ARCH$/, '')];
  if (arch) return { kind: 'arch', arch };
  const quadrant = /^(UR|UL|LL|LR)(?:Q|QUAD|QUADRANT)?$/.exec(key);
  if (quadrant) return { kind: 'quadrant', quadrant: quadrant[1] as Quadrant };
  const numbered = /^(?:Q|QUAD|QUADRANT)([1-4])$/.exec(key);
  if (numbered) return { kind: 'quadrant', quadrant: QUADRANTS[Number(numbered[1]) - 1]! };
  return null;
}

/** Universal permanent range 'a-b' (a ≤ b), e.g. 2-8. Other systems have no meaningful numeric range. */
function expandRange(from: string, to: string, numbering: ToothNumbering): Tooth[] | null {
  if (numbering !== 'Universal' || !/^\d+$/.test(from) || !/^\d+$/.test(to)) return null;
  const a = Number(from);
  const b = Number(to);
  if (a < 1 || b > 32 || a >= b) return null;
  const teeth: Tooth[] = [];
  for (let n = a; n <= b; n++) teeth.push(parseToothLabel(String(n), 'Universal') as Tooth);
  return teeth;
}

/**
 * The Teeth column: '2,3,4', '2-5', '#3 #14', '#3', 'UR', 'UR quad', 'Q1', 'all', 'FMX', 'full mouth'.
 * Blank → null (the procedure names no teeth). Teeth are read in the declared numbering (the generator
 * writes Universal) and returned canonical, de-duplicated, in the order written.
 */
export function parseTeethList(raw: string | null, numbering: ToothNumbering = 'Universal'): TeethDesignation | null | DomainProblem<TeethProblemCode> {
  if (raw === null || raw.trim() === '') return null;
  const area = readArea(raw.replace(/[\s.-]+/g, '').toUpperCase());
  if (area) return area;
  const tokens = raw.replace(/\s*[-–]\s*/g, '-').split(/[\s,;/]+/).filter((t) => t !== '');
  const teeth: Tooth[] = [];
  for (const token of tokens) {
    const range = /^#?([0-9A-Za-z]+)\s*[-–]\s*#?([0-9A-Za-z]+)$/.exec(token);
    if (range) {
      const expanded = expandRange(range[1]!, range[2]!, numbering);
      if (!expanded) return problem('TEETH_RANGE_UNREADABLE');
      teeth.push(...expanded);
      continue;
    }
    const tooth = parseToothLabel(token, numbering);
    if ('problem' in tooth) return problem('TEETH_LIST_UNREADABLE');
    teeth.push(tooth);
  }
  const unique = [...new Map(teeth.map((t) => [t.universal, t])).values()];
  return unique.length > 0 ? { kind: 'teeth', teeth: unique } : problem('TEETH_LIST_UNREADABLE');
}
