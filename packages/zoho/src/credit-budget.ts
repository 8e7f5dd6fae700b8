/**
 * The daily credit budget on Zoho's rolling 24 h window, minus a reserve left for the practice's other
 * integrations. A call that would dig into the reserve waits (it is never failed) until enough of the
 * window's charges are 24 h old; Zoho's X-API-CREDITS-REMAINING, when it comes, also counts what the
 * other integrations spent.
 */
export const CREDIT_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface CreditBudgetOptions {
  /** ZOHO_CREDITS_PER_DAY: the org's rolling 24 h credit budget. */
  creditsPerDay: number;
  /** ZOHO_CREDIT_RESERVE: credits this client never spends. */
  reserve?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** When only Zoho's header says the budget is spent, look again after this long (default 10 min). */
  recheckMs?: number;
  observer?: CreditBudgetObserver;
  /** Operational log line when a pause starts and ends (counts only). */
  log?: (message: string, fields?: Record<string, string | number>) => void;
}

export interface CreditBudgetObserver {
  /** Credits counted in the window after a charge. */
  used(credits: number, limit: number, reserve: number): void;
  /** A call waits for credits to free up; `waitMs` is the planned wait. */
  paused(waitMs: number, needed: number): void;
  resumed(): void;
}

interface Charge {
  atMs: number;
  credits: number;
}

export class CreditBudget {
  readonly limit: number;
  readonly reserve: number;
  readonly #charges: Charge[] = [];
  readonly #options: CreditBudgetOptions;
  /** Credits spent by others, as last implied by X-API-CREDITS-REMAINING. */
  #external = 0;
  #externalSeenAt = 0;
  #queue: Promise<void> = Promise.resolve();

  constructor(options: CreditBudgetOptions) {
    const reserve = options.reserve ?? 0;
    if (!(options.creditsPerDay > 0)) throw new Error('creditsPerDay must be positive');
    if (reserve < 0 || reserve >= options.creditsPerDay) throw new Error('the credit reserve must be at least 0 and below creditsPerDay');
    this.limit = options.creditsPerDay;
    this.reserve = reserve;
    this.#options = options;
  }

  /** Credits this client spent in the last 24 h. */
  used(): number {
    const since = this.#now() - CREDIT_WINDOW_MS;
    while (this.#charges.length > 0 && (this.#charges[0]?.atMs ?? 0) <= since) this.#charges.shift();
    return this.#charges.reduce((sum, c) => sum + c.credits, 0);
  }

  /** Credits still spendable before the reserve. */
  available(): number {
    return this.limit - this.reserve - this.used() - this.#externalNow();
  }

  /**
   * Waits until `credits` fit above the reserve, then books them. Callers queue in order, so a big
   * charge (a 500-credit bulk job) is not starved by a stream of small ones.
   */
  async take(credits: number): Promise<void> {
    const turn = this.#queue.then(() => this.#waitFor(credits));
    this.#queue = turn.catch(() => undefined);
    await turn;
    this.#charges.push({ atMs: this.#now(), credits });
    this.#options.observer?.used(this.used(), this.limit, this.reserve);
  }

  /** Zoho refused or never processed the call (429, 401, 5xx): give its credits back. */
  refund(credits: number): void {
    for (let i = this.#charges.length - 1; i >= 0; i--) {
      const charge = this.#charges[i];
      if (charge && charge.credits === credits) {
        this.#charges.splice(i, 1);
        break;
      }
    }
    this.#options.observer?.used(this.used(), this.limit, this.reserve);
  }

  /** X-API-CREDITS-REMAINING: the org-wide remainder, including other integrations' spending. */
  remainingReported(remaining: number): void {
    this.#external = Math.max(0, this.limit - remaining - this.used());
    this.#externalSeenAt = this.#now();
  }

  async #waitFor(credits: number): Promise<void> {
    if (credits > this.limit - this.reserve) throw new Error(`a call of ${credits} credits can never fit a budget of ${this.limit - this.reserve} above the reserve`);
    let paused = false;
    while (this.available() < credits) {
      const wait = this.#waitMs(credits);
      if (!paused) {
        this.#options.observer?.paused(wait, credits);
        this.#options.log?.('zoho credit budget: only the reserve is left, pausing', { neededCredits: credits, usedCredits: this.used(), reserve: this.reserve, waitMs: wait });
      }
      paused = true;
      await (this.#options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms))))(wait);
    }
    if (paused) {
      this.#options.observer?.resumed();
      this.#options.log?.('zoho credit budget: credits freed up, resuming', { availableCredits: this.available() });
    }
  }

  /** Until enough of our own charges leave the window; or a recheck when others' spending blocks us. */
  #waitMs(credits: number): number {
    const now = this.#now();
    const recheck = this.#options.recheckMs ?? 600_000;
    let freed = this.available();
    let own = recheck;
    for (const charge of this.#charges) {
      freed += charge.credits;
      if (freed >= credits) {
        own = Math.max(1, charge.atMs + CREDIT_WINDOW_MS - now + 1);
        break;
      }
    }
    // Others' spending frees up on a schedule we cannot see: look again after `recheck` at the latest.
    return this.#externalNow() > 0 ? Math.min(own, recheck) : own;
  }

  /** Others' spending is known only from the header; after a window without news, forget it. */
  #externalNow(): number {
    if (this.#external > 0 && this.#now() - this.#externalSeenAt >= (this.#options.recheckMs ?? 600_000)) this.#external = 0;
    return this.#external;
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }
}
