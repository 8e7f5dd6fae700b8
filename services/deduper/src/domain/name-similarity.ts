import { NICKNAME_GROUPS } from './nickname-groups.ts';

/**
 * How two given or family names compare, strongest first. Pure and symmetric: compareNames(a, b)
 * equals compareNames(b, a), so pair decisions do not depend on record order.
 */
export type NameAgreement = 'exact' | 'nickname' | 'similar' | 'different' | 'missing';

/** Jaro-Winkler at or above this, or one edit (a swap counts as one), reads as a typo of the same name. */
export const SIMILAR_NAME_JARO_WINKLER = 0.92;

/** Accents, case, punctuation, spaces and hyphens removed: "Núñez" = "NUNEZ", "O'Brien" = "obrien". */
export function foldName(raw: string | null): string {
  if (raw === null) return '';
  return raw.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/ł/g, 'l').replace(/ß/g, 'ss').replace(/[^a-z0-9]/g, '');
}

/** The first word, folded: an over-long first-name field ("Ana Maria-Concepción…") still compares by "ana". */
export function foldFirstWord(raw: string | null): string {
  if (raw === null) return '';
  return foldName(raw.trim().split(/[\s]+/)[0] ?? '');
}

const GROUPS_BY_NAME: ReadonlyMap<string, readonly number[]> = (() => {
  const byName = new Map<string, number[]>();
  NICKNAME_GROUPS.forEach((group, index) => {
    for (const name of group) byName.set(name, [...(byName.get(name) ?? []), index]);
  });
  return byName;
})();

/** True when the two folded names share a nickname group (Bob and Robert, Bobby and Rob). */
export function areNicknames(foldedA: string, foldedB: string): boolean {
  const groupsA = GROUPS_BY_NAME.get(foldedA);
  const groupsB = GROUPS_BY_NAME.get(foldedB);
  if (!groupsA || !groupsB) return false;
  return groupsA.some((g) => groupsB.includes(g));
}

export function jaroWinkler(a: string, b: string): number {
  if (a === b) return a === '' ? 0 : 1;
  if (a === '' || b === '') return 0;
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const matchedA = new Array<boolean>(a.length).fill(false);
  const matchedB = new Array<boolean>(b.length).fill(false);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = Math.max(0, i - window); j < Math.min(b.length, i + window + 1); j++) {
      if (matchedB[j] || a[i] !== b[j]) continue;
      matchedA[i] = matchedB[j] = true;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < a.length; i++) {
    if (!matchedA[i]) continue;
    while (!matchedB[k]) k++;
    if (a[i] !== b[k]) transpositions++;
    k++;
  }
  const jaro = (matches / a.length + matches / b.length + (matches - transpositions / 2) / matches) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/** Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent swaps cost 1. */
export function damerauLevenshtein(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number): number => rows[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      rows[i]![j] = best;
    }
  }
  return at(a.length, b.length);
}

/** Damerau-Levenshtein ≤ 1 in linear time, without the matrix: the hot path of pair scoring. */
export function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true; // one substitution (or equal)
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // one adjacent swap
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1); // one insertion
}

const sortedLetters = (s: string): string => [...s].sort().join('');

/**
 * A typo in a name of three letters or fewer is only a swap or one added letter with the first letter
 * kept (Wie for Wei, Leee for Lee): a substitution there (Leo for Lee, Wen for Wei) is another name.
 */
function shortNameTypo(a: string, b: string): boolean {
  if (a[0] !== b[0] || !withinOneEdit(a, b)) return false;
  return a.length !== b.length || sortedLetters(a) === sortedLetters(b);
}

/** Compares folded names: exact, then nickname, then a typo (one edit, a swap counting as one, or close Jaro-Winkler). */
export function compareFoldedNames(a: string, b: string): NameAgreement {
  if (a === '' || b === '') return 'missing';
  if (a === b) return 'exact';
  if (areNicknames(a, b)) return 'nickname';
  if (Math.min(a.length, b.length) <= 3) return shortNameTypo(a, b) ? 'similar' : 'different';
  if (withinOneEdit(a, b) || jaroWinkler(a, b) >= SIMILAR_NAME_JARO_WINKLER) return 'similar';
  return 'different';
}

const STRENGTH: Record<NameAgreement, number> = { exact: 4, nickname: 3, similar: 2, different: 1, missing: 0 };

/** Raw names: the stronger of the whole folded name and the first word (over-long or two-word first names). */
export function compareNames(rawA: string | null, rawB: string | null): NameAgreement {
  const whole = compareFoldedNames(foldName(rawA), foldName(rawB));
  if (whole === 'exact' || (!/\s/.test(rawA?.trim() ?? '') && !/\s/.test(rawB?.trim() ?? ''))) return whole;
  const firstWord = compareFoldedNames(foldFirstWord(rawA), foldFirstWord(rawB));
  return STRENGTH[firstWord] > STRENGTH[whole] && firstWord !== 'missing' ? firstWord : whole;
}

/** American Soundex of a folded name: a coarse phonetic code for blocking, never for deciding. */
export function soundex(folded: string): string {
  const letters = folded.replace(/[^a-z]/g, '');
  const first = letters[0];
  if (first === undefined) return '';
  const code = (ch: string): string => {
    if ('bfpv'.includes(ch)) return '1';
    if ('cgjkqsxz'.includes(ch)) return '2';
    if ('dt'.includes(ch)) return '3';
    if (ch === 'l') return '4';
    if ('mn'.includes(ch)) return '5';
    if (ch === 'r') return '6';
    return ch === 'h' || ch === 'w' ? '' : '0';
  };
  let out = first.toUpperCase();
  let previous = code(first);
  for (const ch of letters.slice(1)) {
    const digit = code(ch);
    if (digit !== '' && digit !== '0' && digit !== previous) out += digit;
    if (digit !== '') previous = digit;
    if (out.length === 4) break;
  }
  return out.padEnd(4, '0');
}
