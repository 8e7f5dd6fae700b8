import { createHmac } from 'node:crypto';
import { forEachCandidatePair, scorePair, type PatientRecord } from './match-candidates.ts';

export interface ClusterContext {
  /** Per-migration secret: keys are stored in Zoho and Kafka, and source keys must not be guessable. */
  secret: string;
}

export interface MemberRef {
  locationId: string;
  sourceKey: string;
}

export interface PatientCluster {
  /** `cl_` + HMAC of the anchor, the member that sorts first by (locationId, sourceKey). */
  clusterKey: string;
  /** Sorted by (locationId, sourceKey); the first is the anchor. */
  members: MemberRef[];
}

export interface ReviewPair {
  a: MemberRef;
  b: MemberRef;
  score: number;
  reasons: string[];
}

export interface Clustering {
  clusters: PatientCluster[];
  /** Medium-confidence pairs left unmerged for a person to decide; pairs already joined by matches are dropped. */
  reviews: ReviewPair[];
  oversizedBlocks: number;
}

function compareRefs(a: MemberRef, b: MemberRef): number {
  return a.locationId < b.locationId ? -1 : a.locationId > b.locationId ? 1 : a.sourceKey < b.sourceKey ? -1 : a.sourceKey > b.sourceKey ? 1 : 0;
}

function unionFind(size: number): { find: (i: number) => number; union: (i: number, j: number) => void } {
  const parent = Array.from({ length: size }, (_, i) => i);
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root]!;
    while (parent[i] !== root) {
      const next = parent[i]!;
      parent[i] = root;
      i = next;
    }
    return root;
  };
  // The smaller index (the earlier-sorting record) stays root: deterministic whatever the pair order.
  const union = (i: number, j: number): void => {
    const ri = find(i);
    const rj = find(j);
    if (ri < rj) parent[rj] = ri;
    else if (rj < ri) parent[ri] = rj;
  };
  return { find, union };
}

/**
 * Why the anchor's key and not an HMAC of all members: a key over every member changes whenever a
 * patient registers at another location, re-keying a Zoho Contact that has not changed. The anchor
 * (the member sorting first by location and source key) is the same on every replay and in any input
 * order, and survives new members joining unless one sorts before it or two clusters merge; those
 * are the cases the writer has to re-point. A singleton's key is its own anchor key, so a record that
 * later joins a cluster keeps its key when it is the anchor.
 */
export function clusterKeyOf(anchor: MemberRef, ctx: ClusterContext): string {
  const digest = createHmac('sha256', ctx.secret).update(`${anchor.locationId}|${anchor.sourceKey}`).digest('base64url');
  return `cl_${digest.slice(0, 24)}`;
}

/** Clusters patients: union-find over 'match' pairs only; 'review' pairs are returned, never merged. */
export function clusterPatients(input: readonly PatientRecord[], ctx: ClusterContext): Clustering {
  // Sorting first makes every index — hence every pair, root and output order — independent of input order.
  const records = [...input].sort(compareRefs);
  const sets = unionFind(records.length);
  const reviewCandidates: Array<{ i: number; j: number; score: number; reasons: string[] }> = [];
  // Union-find keeps the smaller index as root, so the partition and roots do not depend on visit order.
  const { oversizedBlocks } = forEachCandidatePair(records, (i, j) => {
    const outcome = scorePair(records[i]!, records[j]!);
    switch (outcome.decision) {
      case 'match':
        sets.union(i, j);
        break;
      case 'review':
        reviewCandidates.push({ i, j, score: outcome.score, reasons: outcome.reasons });
        break;
      case 'distinct':
        break;
    }
  });
  reviewCandidates.sort((p, q) => p.i - q.i || p.j - q.j);
  const membersByRoot = new Map<number, number[]>();
  records.forEach((_, i) => {
    const root = sets.find(i);
    const members = membersByRoot.get(root);
    if (members) members.push(i);
    else membersByRoot.set(root, [i]);
  });
  const ref = (i: number): MemberRef => ({ locationId: records[i]!.locationId, sourceKey: records[i]!.sourceKey });
  const clusters = [...membersByRoot.entries()]
    .sort(([a], [b]) => a - b)
    .map(([root, members]) => ({ clusterKey: clusterKeyOf(ref(root), ctx), members: members.map(ref) }));
  const reviews = reviewCandidates
    .filter(({ i, j }) => sets.find(i) !== sets.find(j))
    .map(({ i, j, score, reasons }) => ({ a: ref(i), b: ref(j), score, reasons }));
  return { clusters, reviews, oversizedBlocks };
}
