// Deterministic fault injection for resilience tests of the writer: with the same seed and the same
// sequence of API calls, the same calls fail. While any rate is non-zero, each API call consumes
// exactly one draw, so the outcome of call N depends only on the seed and N.

export interface FaultConfig {
  /** Added delay before each API call is processed (the call holds its concurrency slot meanwhile). */
  latencyMs?: number;
  /** Probability (0..1) of answering 500 INTERNAL_ERROR without processing the call. */
  rate5xx?: number;
  /** Probability (0..1) of answering 429 TOO_MANY_REQUESTS without processing the call. */
  rate429?: number;
  /** Probability (0..1) of never answering (the client must time out). */
  timeoutRate?: number;
  /** PRNG seed; default 1. */
  seed?: number;
}

export type FaultDecision = 'none' | 'timeout' | 'server-error' | 'too-many-requests';

/** mulberry32: tiny, fast, good enough for reproducible test faults (not for anything secret). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function probability(value: number | undefined, name: string): number {
  const p = value ?? 0;
  if (!Number.isFinite(p) || p < 0 || p > 1) throw new Error(`fault ${name} must be between 0 and 1`);
  return p;
}

export class FaultInjector {
  #config: FaultConfig = {};
  #random: () => number = mulberry32(1);

  constructor(config: FaultConfig = {}) {
    this.configure(config);
  }

  /** Replaces the whole configuration and restarts the random sequence from the seed. */
  configure(config: FaultConfig): void {
    const timeoutRate = probability(config.timeoutRate, 'timeoutRate');
    const rate5xx = probability(config.rate5xx, 'rate5xx');
    const rate429 = probability(config.rate429, 'rate429');
    if (timeoutRate + rate5xx + rate429 > 1) throw new Error('fault rates must add up to at most 1');
    const latencyMs = config.latencyMs ?? 0;
    if (!Number.isFinite(latencyMs) || latencyMs < 0) throw new Error('fault latencyMs must be >= 0');
    this.#config = { latencyMs, rate5xx, rate429, timeoutRate, seed: config.seed ?? 1 };
    this.#random = mulberry32(this.#config.seed ?? 1);
  }

  get config(): FaultConfig {
    return { ...this.#config };
  }

  get latencyMs(): number {
    return this.#config.latencyMs ?? 0;
  }

  decide(): FaultDecision {
    const { timeoutRate = 0, rate5xx = 0, rate429 = 0 } = this.#config;
    if (timeoutRate + rate5xx + rate429 === 0) return 'none';
    const draw = this.#random();
    if (draw < timeoutRate) return 'timeout';
    if (draw < timeoutRate + rate5xx) return 'server-error';
    if (draw < timeoutRate + rate5xx + rate429) return 'too-many-requests';
    return 'none';
  }
}
