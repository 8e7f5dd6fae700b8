/**
 * Permanent teeth in the three notations a chart may declare (perio-domain B.3). Universal 1 is the
 * maxillary right third molar, 16 the maxillary left, 17 the mandibular left, 32 the mandibular right.
 */
export type ToothNumbering = 'Universal' | 'FDI' | 'Palmer';

export const TOOTH_NUMBERINGS: readonly ToothNumbering[] = ['Universal', 'FDI', 'Palmer'];

/** Quadrant (1 UR, 2 UL, 3 LL, 4 LR) and position from the midline (1 central incisor … 8 third molar). */
export function quadrantOf(universal: number): { quadrant: 1 | 2 | 3 | 4; position: number } {
  if (!Number.isInteger(universal) || universal < 1 || universal > 32) throw new RangeError('Universal tooth numbers are 1–32');
  if (universal <= 8) return { quadrant: 1, position: 9 - universal };
  if (universal <= 16) return { quadrant: 2, position: universal - 8 };
  if (universal <= 24) return { quadrant: 3, position: 25 - universal };
  return { quadrant: 4, position: universal - 24 };
}

const PALMER_QUADRANT = { 1: 'UR', 2: 'UL', 3: 'LL', 4: 'LR' } as const;

export function toothLabel(universal: number, numbering: ToothNumbering): string {
  if (numbering === 'Universal') return String(universal);
  const { quadrant, position } = quadrantOf(universal);
  return numbering === 'FDI' ? `${quadrant}${position}` : `${PALMER_QUADRANT[quadrant]}${position}`;
}

export function isMolar(universal: number): boolean {
  return quadrantOf(universal).position >= 6;
}

export function isMaxillary(universal: number): boolean {
  return universal <= 16;
}

export function isThirdMolar(universal: number): boolean {
  return quadrantOf(universal).position === 8;
}

/** Maxillary first premolars are often two-rooted and get a furcation entry too (B.2). */
export function isMaxillaryFirstPremolar(universal: number): boolean {
  return universal === 5 || universal === 12;
}
