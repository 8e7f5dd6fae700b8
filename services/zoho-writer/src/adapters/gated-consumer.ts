import { ConsumerProgress, type RunningConsumer } from '@panda2zoho/kafka';

/**
 * A consumer that starts only once `gate` resolves (the field map is confirmed). Until then nothing is
 * read, so records wait in Kafka — none is dead-lettered for arriving early — and the service stays
 * alive (healthy, not ready) so a supervisor does not restart it in a loop.
 */
export function gatedConsumer(groupId: string, topics: string[], gate: Promise<unknown>, start: () => Promise<RunningConsumer>): RunningConsumer {
  let inner: RunningConsumer | null = null;
  let stopped = false;
  const idle = new ConsumerProgress(groupId, topics, true);
  let settle: { resolve: () => void; reject: (error: unknown) => void } | null = null;
  const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  void gate
    .then(async () => {
      if (stopped) return;
      inner = await start();
      if (stopped) await inner.stop();
      inner.done.then(() => settle?.resolve(), (error: unknown) => settle?.reject(error));
    })
    .catch((error: unknown) => settle?.reject(error));
  return {
    done,
    get progress() {
      return inner?.progress ?? idle;
    },
    isReady: () => inner?.isReady() ?? false,
    stop: async () => {
      stopped = true;
      if (inner) await inner.stop();
      else settle?.resolve();
    },
  };
}
