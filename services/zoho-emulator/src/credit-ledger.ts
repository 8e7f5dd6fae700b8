// API credit accounting (reference §7): edition formula, per-call costs and the rolling 24 h window.
// Pure logic; storage of the individual charges is behind CreditStorage so it can live in SQLite.

export type Edition = 'free' | 'standard' | 'professional' | 'enterprise' | 'ultimate';

export const CREDIT_WINDOW_MS = 24 * 60 * 60 * 1000;

interface EditionCreditRule {
  base: number;
  perUser: number;
  max: number;
}

// Zoho api-limits page: Free 5,000 flat; others 50,000 + N×users, capped (Ultimate uncapped).
const EDITION_CREDIT_RULES: Record<Edition, EditionCreditRule> = {
  free: { base: 5_000, perUser: 0, max: 5_000 },
  standard: { base: 50_000, perUser: 250, max: 100_000 },
  professional: { base: 50_000, perUser: 500, max: 3_000_000 },
  enterprise: { base: 50_000, perUser: 1_000, max: 5_000_000 },
  ultimate: { base: 50_000, perUser: 2_000, max: Number.POSITIVE_INFINITY },
};

export function dailyCreditLimit(edition: Edition, users: number): number {
  const rule = EDITION_CREDIT_RULES[edition];
  return Math.min(rule.base + rule.perUser * Math.max(0, users), rule.max);
}

/** Insert/update/upsert cost 1 credit per 10 records, rounded up (max 10 for a 100-record call). */
export function writeCreditCost(recordCount: number): number {
  return Math.max(1, Math.ceil(recordCount / 10));
}

/** COQL cost by LIMIT: 1–200 → 1, 201–1000 → 2, 1001–2000 → 3. */
export function coqlCreditCost(limit: number): number {
  if (limit <= 200) return 1;
  if (limit <= 1000) return 2;
  return 3;
}

export interface CreditStorage {
  /** Sum of credits charged at a time strictly after `sinceMs`. */
  usedSince(sinceMs: number): number;
  record(atMs: number, credits: number): void;
}

export interface CreditCharge {
  ok: boolean;
  limit: number;
  used: number;
  remaining: number;
}

export class CreditLedger {
  readonly limit: number;
  readonly #storage: CreditStorage;
  readonly #now: () => number;

  constructor(storage: CreditStorage, limit: number, now: () => number) {
    this.#storage = storage;
    this.limit = limit;
    this.#now = now;
  }

  used(): number {
    return this.#storage.usedSince(this.#now() - CREDIT_WINDOW_MS);
  }

  /** Charges `cost` if the rolling budget still has room for the whole call; otherwise charges nothing. */
  tryCharge(cost: number): CreditCharge {
    const used = this.used();
    if (used + cost > this.limit) {
      return { ok: false, limit: this.limit, used, remaining: Math.max(0, this.limit - used) };
    }
    this.#storage.record(this.#now(), cost);
    const after = used + cost;
    return { ok: true, limit: this.limit, used: after, remaining: this.limit - after };
  }
}

/** Zoho only starts sending X-API-CREDITS-REMAINING once half of the budget is used. */
export function shouldAdvertiseRemaining(charge: { limit: number; used: number }): boolean {
  return Number.isFinite(charge.limit) && charge.used >= charge.limit / 2;
}
