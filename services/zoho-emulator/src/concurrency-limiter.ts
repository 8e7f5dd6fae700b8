// Zoho's concurrency model (reference §7): a per-edition cap on in-flight calls per user+app, plus a
// 10-slot sub-concurrency pool for "complex" calls (writes of >10 records, COQL). Excess calls fail
// immediately with 429 — Zoho does not queue — so this limiter only counts, it never waits.
import type { Edition } from './credit-ledger.ts';

export const EDITION_CONCURRENCY: Record<Edition, number> = {
  free: 5,
  standard: 10,
  professional: 15,
  enterprise: 20,
  ultimate: 25,
};

export const SUB_CONCURRENCY_LIMIT = 10;

export type Release = () => void;

export class ConcurrencyLimiter {
  readonly #limit: number;
  readonly #complexLimit: number;
  readonly #inFlight = new Map<string, number>();
  readonly #complexInFlight = new Map<string, number>();

  constructor(limit: number, complexLimit: number = SUB_CONCURRENCY_LIMIT) {
    this.#limit = limit;
    this.#complexLimit = complexLimit;
  }

  /** Returns a release function, or null when the caller has to be rejected with 429. */
  tryAcquire(key: string, complex: boolean): Release | null {
    const inFlight = this.#inFlight.get(key) ?? 0;
    const complexInFlight = this.#complexInFlight.get(key) ?? 0;
    if (inFlight >= this.#limit) return null;
    if (complex && complexInFlight >= this.#complexLimit) return null;
    this.#inFlight.set(key, inFlight + 1);
    if (complex) this.#complexInFlight.set(key, complexInFlight + 1);
    let released = false;
    return () => {
      // Responses can signal both 'finish' and 'close'; a slot must be returned exactly once.
      if (released) return;
      released = true;
      this.#inFlight.set(key, (this.#inFlight.get(key) ?? 1) - 1);
      if (complex) this.#complexInFlight.set(key, (this.#complexInFlight.get(key) ?? 1) - 1);
    };
  }

  inFlight(key: string): number {
    return this.#inFlight.get(key) ?? 0;
  }

  reset(): void {
    this.#inFlight.clear();
    this.#complexInFlight.clear();
  }
}
