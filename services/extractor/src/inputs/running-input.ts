import { ConsumerProgress, type RunningConsumer } from '@panda2zoho/kafka';

/**
 * A non-Kafka input (Change Tracking loop, CSV read) presented like a consumer to the service host:
 * ready while it runs, `done` rejects when it fails so the process exits for a restart.
 */
export function runningInput(name: string, run: (signal: AbortSignal) => Promise<void>, onStop: () => Promise<void>): RunningConsumer {
  const controller = new AbortController();
  let ready = true;
  const done = run(controller.signal).catch((error: unknown) => {
    ready = false;
    throw error;
  });
  return {
    // No consumer group reads these inputs, so there is no Kafka lag to export for them.
    progress: new ConsumerProgress(name, [], false),
    done,
    isReady: () => ready,
    stop: async () => {
      controller.abort();
      await done.catch(() => undefined);
      await onStop();
    },
  };
}
