import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { DedupeDecisionRecorded } from '@panda2zoho/events';

/**
 * Operator decisions (review accept/reject, unmerge) as state: the latest decision that concerns a pair
 * wins, in the decisions topic's order (one partition, so one total order on every replay).
 */
export type PairOverride = 'link' | 'cut' | undefined;

export function pairIdOf(a: string, b: string): string {
  const [x, y] = a < b ? [a, b] : [b, a];
  return `pr_${createHash('sha256').update(`${x}\u001f${y}`).digest('hex').slice(0, 20)}`;
}

export class OperatorDecisions {
  private seq = 0;
  private readonly pairs = new Map<string, { kind: 'link' | 'cut'; seq: number }>();
  private readonly unmerged = new Map<string, number>();
  /** Accepted pairs by record: the links the blocking index may not find (the records changed since). */
  private readonly links = new Map<string, Set<string>>();

  /** Applies an accepted, rejected or unmerge decision; returns the record keys whose clusters may change. */
  apply(decision: DedupeDecisionRecorded): string[] {
    this.seq++;
    switch (decision.kind) {
      case 'REVIEW_ACCEPTED':
      case 'REVIEW_REJECTED': {
        const [a, b] = decision.recordKeys;
        if (a === undefined || b === undefined) return [];
        const kind = decision.kind === 'REVIEW_ACCEPTED' ? 'link' : 'cut';
        this.pairs.set(pairIdOf(a, b), { kind, seq: this.seq });
        if (kind === 'link') {
          this.linkSet(a).add(b);
          this.linkSet(b).add(a);
        }
        return [a, b];
      }
      case 'UNMERGE': {
        const [record] = decision.recordKeys;
        if (record === undefined) return [];
        this.unmerged.set(record, this.seq);
        return [record];
      }
      case 'MERGE':
      case 'REVIEW_PENDING':
        return [];
    }
  }

  /** What operators said about the pair, if anything: an unmerge cuts every pair of its record decided before it. */
  override(a: string, b: string): PairOverride {
    const pair = this.pairs.get(pairIdOf(a, b));
    const cutAt = Math.max(this.unmerged.get(a) ?? 0, this.unmerged.get(b) ?? 0);
    if (pair !== undefined && pair.seq > cutAt) return pair.kind;
    return cutAt > 0 ? 'cut' : undefined;
  }

  /** Whether an operator already decided the pair (it is no longer pending review). */
  decided(a: string, b: string): boolean {
    return this.override(a, b) !== undefined;
  }

  linkedTo(record: string): readonly string[] {
    return [...(this.links.get(record) ?? [])].filter((other) => this.override(record, other) === 'link').sort();
  }

  private linkSet(record: string): Set<string> {
    let set = this.links.get(record);
    if (!set) this.links.set(record, (set = new Set()));
    return set;
  }
}

/** The bytes an operator signs: every field that changes what the decision does or who made it. */
function signedContent(d: DedupeDecisionRecorded): string {
  return JSON.stringify([d.decisionId, d.kind, d.entity, d.pairId, d.recordKeys, d.contactKey, d.operator, d.decidedAtMs]);
}

/** HMAC-SHA256 with the operator token: the deduper applies only decisions signed with the token it knows. */
export function signDecision(decision: DedupeDecisionRecorded, operatorToken: string): string {
  return createHmac('sha256', operatorToken).update(signedContent(decision)).digest('base64url');
}

export function verifyDecision(decision: DedupeDecisionRecorded, operatorToken: string | undefined): boolean {
  if (operatorToken === undefined || decision.signature === null || decision.decidedBy !== 'OPERATOR' || !decision.operator) return false;
  const expected = Buffer.from(signDecision(decision, operatorToken));
  const given = Buffer.from(decision.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Deterministic id of an operator decision: the same operator deciding the same thing at the same instant is one decision. */
export function operatorDecisionId(kind: string, target: string, operator: string, decidedAtMs: number): string {
  return `op_${createHash('sha256').update([kind, target, operator, String(decidedAtMs)].join('\u001f')).digest('hex').slice(0, 24)}`;
}
