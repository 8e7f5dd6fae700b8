import { pick } from './random.ts';

// How charting clients spell the same finding. A location has its own spelling; with the matching
// dirt kind on, some exams (another workstation, an old client version) use a different one.

export const BOOLEAN_SPELLINGS: ReadonlyArray<readonly [yes: string, no: string]> = [
  ['Y', 'N'],
  ['1', '0'],
  ['+', '−'],
  ['true', 'false'],
  ['+', '-'],
];

export type FurcationStyle = 0 | 1 | 2 | 3;

/** Glickman/Hamp grade 1–3 as II, 2, Class II or F2. */
export function spellFurcation(grade: number, style: FurcationStyle): string {
  const roman = ['I', 'II', 'III'][grade - 1]!;
  switch (style) {
    case 0:
      return roman;
    case 1:
      return String(grade);
    case 2:
      return `Class ${roman}`;
    case 3:
      return `F${grade}`;
  }
}

/** Miller mobility 0–3 as digits or roman numerals (0 stays 0). */
export function spellMobility(grade: number, roman: boolean): string {
  return roman && grade > 0 ? ['I', 'II', 'III'][grade - 1]! : String(grade);
}

/** Miller I–IV or Cairo RT1–3, in one of the ways clinicians type them (≤ 8 characters: the column). */
export function spellRecession(random: () => number, messy: boolean): string {
  if (random() < 0.3) {
    const rt = 1 + Math.floor(random() * 3);
    return messy && random() < 0.4 ? `RT ${rt}` : `RT${rt}`;
  }
  const grade = 1 + Math.floor(random() * 4);
  const roman = ['I', 'II', 'III', 'IV'][grade - 1]!;
  if (!messy) return roman;
  return pick(random, [roman, `Cl. ${roman}`, `Class ${grade}`, `M ${roman}`]);
}
