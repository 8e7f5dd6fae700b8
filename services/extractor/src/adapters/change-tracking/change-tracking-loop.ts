import { DEFAULT_RETRY, withRetry, type RetryPolicy } from '@panda2zoho/kafka';
import type { ChangeTrackingBatch } from './change-tracking-poller.ts';

export interface ChangeTrackingLoopOptions {
  /** One poller per location (database). */
  pollers: Array<{ poll(): AsyncIterable<ChangeTrackingBatch> }>;
  /**
   * Produces the batch's events (and its problems to the DLQ, its warnings wherever they go) and
   * resolves once Kafka acknowledged them; the loop then commits the batch (checkpoint).
   */
  handleBatch(batch: ChangeTrackingBatch): Promise<void>;
  /** Pause between passes over every table. */
  intervalMs: number;
  /** Transient failures (connection loss, broker) are retried with full-jitter backoff; a pass that outlasts them throws. */
  retry?: RetryPolicy;
  /** Stops the loop between batches; an open snapshot transaction is ended on the way out. */
  signal: AbortSignal;
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** Resolves after `ms`, or as soon as the signal aborts. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Polls until the signal aborts: per pass, every poller's batches in order, each handled, then
 * committed. A transient failure restarts the pass from the last checkpoints (at-least-once); a
 * permanent one (missing table, no permission, Change Tracking off) or a bug rejects the loop, so the
 * service stops with the message instead of polling a database it cannot read.
 */
export async function runChangeTrackingLoop(options: ChangeTrackingLoopOptions): Promise<void> {
  const { signal } = options;
  const sleep = options.sleep ?? abortableSleep;
  const retry = options.retry ?? DEFAULT_RETRY;
  while (!signal.aborted) {
    for (const poller of options.pollers) {
      if (signal.aborted) break;
      await withRetry(() => pass(poller, options), {
        policy: retry,
        ...(options.onRetry ? { onRetry: options.onRetry } : {}),
        sleep: (ms) => sleep(ms, signal),
      });
    }
    await sleep(options.intervalMs, signal);
  }
}

async function pass(poller: { poll(): AsyncIterable<ChangeTrackingBatch> }, options: ChangeTrackingLoopOptions): Promise<void> {
  if (options.signal.aborted) return;
  for await (const batch of poller.poll()) {
    if (options.signal.aborted) return; // leaving the loop ends the generator and its snapshot
    await options.handleBatch(batch);
    await batch.commit();
  }
}
