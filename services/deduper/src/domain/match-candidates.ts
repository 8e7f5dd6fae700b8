import { compareNames, foldName, soundex, type NameAgreement } from './name-similarity.ts';

/** A patient record as the normalizer leaves it: names trimmed, birth date ISO, phones E.164, e-mail lower case. */
export interface PatientRecord {
  locationId: string;
  sourceKey: string;
  firstName: string | null;
  lastName: string | null;
  /** YYYY-MM-DD, or null when unknown. */
  dateOfBirth: string | null;
  phones: readonly string[];
  email: string | null;
}

export type MatchDecision = 'match' | 'review' | 'distinct';

export interface PairDecision {
  decision: MatchDecision;
  /** 0–1; the decision follows from it by MATCH_SCORE and REVIEW_SCORE. */
  score: number;
  /** Rule names that fired, e.g. "dob-equal", "first-name-nickname": never a value (no PHI). */
  reasons: string[];
}

export const MATCH_SCORE = 0.8;
export const REVIEW_SCORE = 0.6;

/** Placeholders old systems store for an unknown birth date: they say nothing about identity. */
const SENTINEL_BIRTH_DATES: ReadonlySet<string> = new Set(['9999-12-31', '1900-01-01', '0001-01-01', '1899-12-30', '1753-01-01']);

/** The birth date when it can identify someone, else null. */
export function usableBirthDate(dob: string | null): string | null {
  if (dob === null || !/^\d{4}-\d{2}-\d{2}$/.test(dob) || SENTINEL_BIRTH_DATES.has(dob)) return null;
  return dob;
}

type BirthAgreement = 'equal' | 'century-typo' | 'missing' | 'different';

function compareBirthDates(a: string | null, b: string | null): BirthAgreement {
  const da = usableBirthDate(a);
  const db = usableBirthDate(b);
  if (da === null || db === null) return 'missing';
  if (da === db) return 'equal';
  // 2061 typed for 1961: same month and day, years exactly a century apart.
  if (da.slice(4) === db.slice(4) && Math.abs(Number(da.slice(0, 4)) - Number(db.slice(0, 4))) === 100) return 'century-typo';
  return 'different';
}

// Weights: a birth date plus two agreeing names reaches MATCH_SCORE; shared contact points lift a pair
// with one weak element; any disagreeing element pulls the pair well below REVIEW_SCORE (twins share
// a birth date and a family name but not a given name).
const BIRTH_WEIGHT: Record<BirthAgreement, number> = { equal: 0.35, 'century-typo': 0.25, missing: 0.15, different: -0.5 };
const LAST_WEIGHT: Record<NameAgreement, number> = { exact: 0.25, nickname: 0.2, similar: 0.2, missing: 0.1, different: -0.3 };
const FIRST_WEIGHT: Record<NameAgreement, number> = { exact: 0.25, nickname: 0.22, similar: 0.2, missing: 0.05, different: -0.35 };
// A shared address is strong (it usually spells the person's name) but families share one too: alone
// with an unknown birth date it lifts agreeing names to a match, never a different given name.
const EMAIL_EQUAL = 0.2;
const PHONE_SHARED = 0.1;

/** Scores one pair. Symmetric: scorePair(a, b) and scorePair(b, a) give the same decision, score and reasons. */
export function scorePair(a: PatientRecord, b: PatientRecord): PairDecision {
  const birth = compareBirthDates(a.dateOfBirth, b.dateOfBirth);
  const last = compareNames(a.lastName, b.lastName);
  const first = compareNames(a.firstName, b.firstName);
  const reasons = [`dob-${birth}`, `last-name-${last}`, `first-name-${first}`];
  let raw = BIRTH_WEIGHT[birth] + LAST_WEIGHT[last] + FIRST_WEIGHT[first];
  if (a.email !== null && a.email === b.email) {
    raw += EMAIL_EQUAL;
    reasons.push('email-equal');
  }
  if (a.phones.some((p) => b.phones.includes(p))) {
    raw += PHONE_SHARED;
    reasons.push('phone-shared');
  }
  // Rounded so that float summation order can never flip a decision at a threshold.
  const score = Math.round(Math.min(1, Math.max(0, raw)) * 1000) / 1000;
  const decision: MatchDecision = score >= MATCH_SCORE ? 'match' : score >= REVIEW_SCORE ? 'review' : 'distinct';
  return { decision, score, reasons };
}

/**
 * Blocking keys: two records are compared only when they share one. A usable birth date; the
 * e-mail (finds pairs whose birth date is a placeholder); month-day + Soundex of the family name
 * (finds the century typo). Each block stays small at any practice size, so a 2,000,000-row practice
 * never compares all pairs. No name-only block: with an unknown birth date, every namesake would
 * become a review pair (hundreds per common name in a large practice).
 */
export function blockingKeys(record: PatientRecord): string[] {
  const keys: string[] = [];
  const dob = usableBirthDate(record.dateOfBirth);
  if (dob !== null) keys.push(`dob:${dob}`);
  if (record.email !== null) keys.push(`email:${record.email}`);
  const phonetic = soundex(foldName(record.lastName));
  if (dob !== null && phonetic !== '') keys.push(`md-sx:${dob.slice(5)}|${phonetic}`);
  return keys;
}

/** Larger blocks are skipped and counted: a shared placeholder e-mail ("none@practice") is not evidence. */
export const MAX_BLOCK_SIZE = 500;

export interface CandidatePairs {
  /** Index pairs into the given array, i < j, each once, in ascending order. */
  pairs: Array<readonly [number, number]>;
  oversizedBlocks: number;
}

/**
 * Calls visit(i, j) once per candidate pair (i < j, indexes into records), block by block, holding
 * no list of pairs: memory stays at the blocks, whatever the practice size. Visit order follows the
 * blocks; callers whose result must not depend on it (clusterPatients) sort what they keep.
 */
export function forEachCandidatePair(records: readonly PatientRecord[], visit: (i: number, j: number) => void, maxBlockSize = MAX_BLOCK_SIZE): { oversizedBlocks: number } {
  const keysOf = records.map(blockingKeys);
  const blocks = new Map<string, number[]>();
  keysOf.forEach((keys, index) => {
    for (const key of keys) {
      const members = blocks.get(key);
      if (members) members.push(index);
      else blocks.set(key, [index]);
    }
  });
  const comparedIn = (key: string): boolean => (blocks.get(key)?.length ?? 0) <= maxBlockSize;
  let oversizedBlocks = 0;
  for (const [key, members] of blocks) {
    if (members.length > maxBlockSize) {
      oversizedBlocks++;
      continue;
    }
    for (let x = 0; x < members.length; x++) {
      for (let y = x + 1; y < members.length; y++) {
        const i = members[x]!; // members are pushed in index order, so i < j
        const j = members[y]!;
        // Each pair once, from the first block both share and compare in: no set of seen pairs to hold.
        const keysOfJ = keysOf[j]!;
        const first = keysOf[i]!.find((k) => keysOfJ.includes(k) && comparedIn(k));
        if (first === key) visit(i, j);
      }
    }
  }
  return { oversizedBlocks };
}

/** Every candidate pair, sorted: for tests and small inputs (forEachCandidatePair does not hold them). */
export function candidatePairs(records: readonly PatientRecord[], maxBlockSize = MAX_BLOCK_SIZE): CandidatePairs {
  const pairs: Array<readonly [number, number]> = [];
  const { oversizedBlocks } = forEachCandidatePair(records, (i, j) => pairs.push([i, j]), maxBlockSize);
  pairs.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  return { pairs, oversizedBlocks };
}
