import { backoffDelay } from '@panda2zoho/kafka';

/**
 * Client-side concurrency for Zoho: Zoho rejects (never queues) a call beyond the edition's
 * concurrency or beyond the 10-slot pool for complex calls, so calls wait here instead. AIMD: a 429
 * halves the allowed concurrency and pauses every new call for a backoff; each run of `limit`
 * successes adds one slot back, up to the edition's maximum.
 */
export interface AdaptiveLimiterOptions {
  /** The edition's concurrency (Free 5, Standard 10, Professional 15, Enterprise 20, Ultimate 25). */
  maxConcurrency: number;
  /** Zoho's sub-concurrency pool for complex calls; 10 on every edition. */
  complexSlots?: number;
  /** Backoff after a 429 without Retry-After: full jitter from 500 ms, capped at 30 s. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  now?: () => number;
  random?: () => number;
}

export type Release = () => void;

export const EDITION_CONCURRENCY = { free: 5, standard: 10, professional: 15, enterprise: 20, ultimate: 25 } as const;
export type ZohoEdition = keyof typeof EDITION_CONCURRENCY;
export const COMPLEX_SLOTS = 10;

interface Waiter {
  complex: boolean;
  resolve: (release: Release) => void;
}

export class AdaptiveLimiter {
  readonly max: number;
  readonly complexSlots: number;
  #limit: number;
  #inFlight = 0;
  #complexInFlight = 0;
  #successes = 0;
  #consecutive429 = 0;
  #pausedUntil = 0;
  #timer: NodeJS.Timeout | undefined;
  readonly #queue: Waiter[] = [];
  readonly #options: AdaptiveLimiterOptions;

  constructor(options: AdaptiveLimiterOptions) {
    if (!Number.isInteger(options.maxConcurrency) || options.maxConcurrency < 1) throw new Error('maxConcurrency must be a positive integer');
    this.#options = options;
    this.max = options.maxConcurrency;
    this.complexSlots = Math.min(options.complexSlots ?? COMPLEX_SLOTS, this.max);
    this.#limit = this.max;
  }

  /** Current allowed concurrency (lowered by 429s, recovering with successes). */
  get limit(): number {
    return this.#limit;
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  /** Resolves with a release function once a slot (and a complex slot if needed) is free. */
  acquire(complex: boolean): Promise<Release> {
    return new Promise((resolve) => {
      this.#queue.push({ complex, resolve });
      this.#drain();
    });
  }

  /**
   * A call got 429: halve the concurrency and pause new calls (Retry-After wins when Zoho sends it).
   * 429s arriving during the pause come from calls sent before it, the same congestion event: they
   * neither halve again nor lengthen the backoff, or 20 concurrent calls would escalate it 20 times.
   */
  throttled(retryAfterMs?: number): number {
    const now = this.#now();
    if (now < this.#pausedUntil && retryAfterMs === undefined) return this.#pausedUntil - now;
    this.#limit = Math.max(1, Math.floor(this.#limit / 2));
    this.#successes = 0;
    const policy = { initialDelayMs: this.#options.initialBackoffMs ?? 500, maxDelayMs: this.#options.maxBackoffMs ?? 30_000, maxAttempts: Number.MAX_SAFE_INTEGER };
    const delay = retryAfterMs ?? Math.max(50, backoffDelay(policy, this.#consecutive429++, this.#options.random));
    this.#pausedUntil = Math.max(this.#pausedUntil, now + delay);
    return delay;
  }

  /** A call was answered (not 429): additive increase after `limit` successes in a row. */
  succeeded(): void {
    this.#consecutive429 = 0;
    if (this.#limit >= this.max) return;
    if (++this.#successes >= this.#limit) {
      this.#limit++;
      this.#successes = 0;
      this.#drain();
    }
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }

  #drain(): void {
    const wait = this.#pausedUntil - this.#now();
    if (wait > 0) {
      this.#timer ??= setTimeout(() => {
        this.#timer = undefined;
        this.#drain();
      }, wait);
      return;
    }
    // First come, first served, except that a complex call waiting for its pool does not block simple calls.
    for (let i = 0; i < this.#queue.length && this.#inFlight < this.#limit; ) {
      const waiter = this.#queue[i];
      if (!waiter) break;
      if (waiter.complex && this.#complexInFlight >= this.complexSlots) {
        i++;
        continue;
      }
      this.#queue.splice(i, 1);
      this.#inFlight++;
      if (waiter.complex) this.#complexInFlight++;
      waiter.resolve(this.#releaser(waiter.complex));
    }
  }

  #releaser(complex: boolean): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#inFlight--;
      if (complex) this.#complexInFlight--;
      this.#drain();
    };
  }
}
