import { isTransient } from './errors.ts';

export interface RetryPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
  /** Attempts before giving up; a transient failure that outlasts them is escalated (crash → restart). */
  maxAttempts: number;
}

export const DEFAULT_RETRY: RetryPolicy = { initialDelayMs: 200, maxDelayMs: 15_000, maxAttempts: 12 };

/** Full-jitter exponential backoff: uniform in [0, min(max, initial·2^attempt)]. */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** attempt);
  return Math.round(random() * ceiling);
}

/**
 * Runs `operation`, retrying only TransientErrors. Permanent errors and bugs pass straight through:
 * retrying a bug only hides it.
 */
export async function withRetry<T>(
  operation: (attempt: number) => Promise<T>,
  options: { policy?: RetryPolicy; onRetry?: (error: unknown, attempt: number, delayMs: number) => void; sleep?: (ms: number) => Promise<void> } = {},
): Promise<T> {
  const policy = options.policy ?? DEFAULT_RETRY;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 0; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (!isTransient(error) || attempt + 1 >= policy.maxAttempts) throw error;
      const delay = backoffDelay(policy, attempt);
      options.onRetry?.(error, attempt, delay);
      await sleep(delay);
    }
  }
}
