import { problem, type DomainProblem } from './domain-problem.ts';

/**
 * Tooth labels in the notation an exam declares (perio-domain B.3), read into one canonical pair: the
 * Universal label and the FDI label. "11" is a canine in Universal and a central incisor in FDI, so a
 * label is never read without its declared system.
 *
 * Supernumerary teeth exist in Universal only (permanent: nearest tooth + 50, 51–82; primary: letter + S,
 * AS–TS). FDI has no standard supernumerary number, so for those `fdi` is the NEAREST tooth's FDI label
 * and `supernumerary` says it is an extra tooth beside it.
 */
export type ToothNumbering = 'Universal' | 'FDI' | 'Palmer';

export interface Tooth {
  /** Canonical Universal label: '1'–'32', 'A'–'T', '51'–'82' or 'AS'–'TS' (alternate '1d'–'20d' becomes the letter). */
  readonly universal: string;
  /** FDI two-digit label (11–48 permanent, 51–85 primary); for a supernumerary, the nearest tooth's. */
  readonly fdi: string;
  readonly primary: boolean;
  readonly supernumerary: boolean;
}

export type ToothProblemCode = 'TOOTH_LABEL_EMPTY' | 'TOOTH_LABEL_UNREADABLE' | 'TOOTH_NUMBERING_UNKNOWN';

export type ToothResult = Tooth | DomainProblem<ToothProblemCode>;

const PRIMARY_LETTERS = 'ABCDEFGHIJKLMNOPQRST';

/** FDI of Universal permanent 1–32: quadrant 1 UR, 2 UL, 3 LL, 4 LR, position counted from the midline. */
function permanentFdi(universal: number): string {
  if (universal <= 8) return `1${9 - universal}`;
  if (universal <= 16) return `2${universal - 8}`;
  if (universal <= 24) return `3${25 - universal}`;
  return `4${universal - 24}`;
}

/** FDI of primary A–T (index 0–19): A–E are 55→51, F–J 61→65, K–O 75→71, P–T 81→85. */
function primaryFdi(index: number): string {
  if (index < 5) return `5${5 - index}`;
  if (index < 10) return `6${index - 4}`;
  if (index < 15) return `7${15 - index}`;
  return `8${index - 14}`;
}

const FDI_TO_UNIVERSAL = new Map<string, string>();
for (let u = 1; u <= 32; u++) FDI_TO_UNIVERSAL.set(permanentFdi(u), String(u));
for (let i = 0; i < 20; i++) FDI_TO_UNIVERSAL.set(primaryFdi(i), PRIMARY_LETTERS[i]!);

/** Palmer quadrant names as the generator writes them, and their FDI quadrant digit (permanent). */
const PALMER_QUADRANT: Readonly<Record<string, number>> = { UR: 1, UL: 2, LL: 3, LR: 4 };

function permanent(universal: number, supernumerary: boolean): Tooth {
  const label = supernumerary ? universal + 50 : universal;
  return { universal: String(label), fdi: permanentFdi(universal), primary: false, supernumerary };
}

function primary(index: number, supernumerary: boolean): Tooth {
  const letter = PRIMARY_LETTERS[index]!;
  return { universal: supernumerary ? `${letter}S` : letter, fdi: primaryFdi(index), primary: true, supernumerary };
}

function readUniversal(label: string): ToothResult {
  if (/^[1-9]\d?$/.test(label)) {
    const n = Number(label);
    if (n <= 32) return permanent(n, false);
    if (n >= 51 && n <= 82) return permanent(n - 50, true);
    return problem('TOOTH_LABEL_UNREADABLE');
  }
  const letter = /^([A-T])(S?)$/.exec(label);
  if (letter) return primary(PRIMARY_LETTERS.indexOf(letter[1]!), letter[2] === 'S');
  const alternate = /^([1-9]\d?)D$/.exec(label);
  if (alternate) {
    const n = Number(alternate[1]);
    return n <= 20 ? primary(n - 1, false) : problem('TOOTH_LABEL_UNREADABLE');
  }
  return problem('TOOTH_LABEL_UNREADABLE');
}

function fromFdi(fdi: string): ToothResult {
  const universal = FDI_TO_UNIVERSAL.get(fdi);
  if (universal === undefined) return problem('TOOTH_LABEL_UNREADABLE');
  return /^\d+$/.test(universal) ? permanent(Number(universal), false) : primary(PRIMARY_LETTERS.indexOf(universal), false);
}

/** Palmer: quadrant name then 1–8 (permanent) or A–E (primary, A = central incisor), e.g. UR6, LL E. */
function readPalmer(label: string): ToothResult {
  const match = /^(UR|UL|LL|LR)\s*([1-8]|[A-E])$/.exec(label);
  if (!match) return problem('TOOTH_LABEL_UNREADABLE');
  const quadrant = PALMER_QUADRANT[match[1]!]!;
  const position = match[2]!;
  if (/\d/.test(position)) return fromFdi(`${quadrant}${position}`);
  return fromFdi(`${quadrant + 4}${'ABCDE'.indexOf(position) + 1}`);
}

/** Reads one tooth label; case, surrounding space and a leading '#' (as in '#3') are ignored. */
export function parseToothLabel(raw: string | null, numbering: ToothNumbering): ToothResult {
  if (raw === null || raw.trim() === '') return problem('TOOTH_LABEL_EMPTY');
  const label = raw.trim().toUpperCase().replace(/^#\s*/, '');
  switch (numbering) {
    case 'Universal':
      return readUniversal(label);
    case 'FDI':
      return /^[1-8][1-8]$/.test(label) ? fromFdi(label) : problem('TOOTH_LABEL_UNREADABLE');
    case 'Palmer':
      return readPalmer(label);
    default:
      return problem('TOOTH_NUMBERING_UNKNOWN');
  }
}

/** The exam's declared notation (PerioExams.ToothNumbering), spelled loosely; unknown → problem. */
export function parseToothNumbering(raw: string | null): ToothNumbering | DomainProblem<'TOOTH_NUMBERING_UNKNOWN'> {
  const key = (raw ?? '').trim().toUpperCase().replace(/[\s/-]+/g, '');
  if (key === 'UNIVERSAL' || key === 'ADA' || key === 'UNS') return 'Universal';
  if (key === 'FDI' || key === 'ISO' || key === 'ISO3950' || key === 'FDIISO') return 'FDI';
  if (key === 'PALMER' || key === 'ZSIGMONDY' || key === 'ZSIGMONDYPALMER') return 'Palmer';
  return problem('TOOTH_NUMBERING_UNKNOWN');
}
