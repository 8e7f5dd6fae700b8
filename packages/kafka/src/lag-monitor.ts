import type { Admin } from 'kafkajs';
import type { ConsumerLagGauges, Logger } from '@panda2zoho/observability';
import type { ConsumerProgress } from './consumer-progress.ts';

export interface LagMonitorOptions {
  admin: Admin;
  gauges: ConsumerLagGauges;
  /** The consumers this process runs; read at every poll. */
  consumers: () => readonly ConsumerProgress[];
  logger: Logger;
  intervalMs?: number;
  now?: () => number;
}

export interface LagMonitor {
  /** One poll now (the timer runs them every intervalMs). Never throws: a failed group keeps its last values. */
  poll(): Promise<void>;
  stop(): void;
}

interface PartitionSample {
  topic: string;
  partition: number;
  lag: number;
  lagSeconds?: number;
  currentOffset?: number;
}

interface TopicSample {
  topic: string;
  partition: number;
  high: number;
  low: number;
}

/**
 * Consumer lag in the kafka_exporter convention, for every group this process consumes with.
 * lag = high watermark − committed offset (nothing committed yet → high − log start). A group that
 * never commits (the reconciler's read model) uses its in-memory position instead of a committed
 * offset. The high watermark counts transaction markers too; the runtime commits past a trailing
 * marker, so a drained group reads 0 (consumer-runtime.ts, skipPastMarkers).
 * lag_seconds = now − the Kafka timestamp of the oldest record this instance fetched and has not yet
 * committed; 0 when the lag is 0; absent while records wait that this instance has not fetched (not yet,
 * or they belong to another member of the group, which reports them).
 */
export function startLagMonitor(options: LagMonitorOptions): LagMonitor {
  const { admin, gauges, logger } = options;
  const now = options.now ?? Date.now;
  const lastGood = new Map<string, { partitions: PartitionSample[]; topics: TopicSample[] }>();
  let inFlight: Promise<void> | undefined;

  const sampleGroup = async (progress: ConsumerProgress, topicOffsets: (topic: string) => Promise<TopicSample[]>) => {
    const topics = await Promise.all(progress.topics.map(topicOffsets));
    const committed = new Map<string, number>();
    if (progress.commits) {
      for (const t of await admin.fetchOffsets({ groupId: progress.groupId, topics: [...progress.topics] })) {
        for (const p of t.partitions) if (Number(p.offset) >= 0) committed.set(`${t.topic}/${p.partition}`, Number(p.offset));
      }
    }
    const partitions = topics.flat().map(({ topic, partition, high, low }): PartitionSample => {
      const own = progress.get(topic, partition);
      const position = progress.commits ? committed.get(`${topic}/${partition}`) : own?.nextOffset === undefined ? undefined : Number(own.nextOffset);
      const lag = Math.max(0, high - (position ?? low));
      const sample: PartitionSample = { topic, partition, lag };
      if (position !== undefined) sample.currentOffset = position;
      if (lag === 0) sample.lagSeconds = 0;
      else if (own?.pendingSinceMs !== undefined) sample.lagSeconds = Math.max(0, now() - own.pendingSinceMs) / 1000;
      return sample;
    });
    return { partitions, topics: topics.flat() };
  };

  const publish = () => {
    // Everything is computed first, then written in one synchronous step: a scrape never sees half a poll.
    for (const gauge of [gauges.lag, gauges.lagSeconds, gauges.currentOffset, gauges.topicCurrentOffset, gauges.topicOldestOffset]) gauge.reset();
    for (const [consumergroup, sample] of lastGood) {
      for (const p of sample.partitions) {
        const labels = { consumergroup, topic: p.topic, partition: String(p.partition) };
        gauges.lag.set(labels, p.lag);
        if (p.lagSeconds !== undefined) gauges.lagSeconds.set(labels, p.lagSeconds);
        if (p.currentOffset !== undefined) gauges.currentOffset.set(labels, p.currentOffset);
      }
      for (const t of sample.topics) {
        gauges.topicCurrentOffset.set({ topic: t.topic, partition: String(t.partition) }, t.high);
        gauges.topicOldestOffset.set({ topic: t.topic, partition: String(t.partition) }, t.low);
      }
    }
  };

  const pollOnce = async () => {
    const cache = new Map<string, Promise<TopicSample[]>>();
    const topicOffsets = (topic: string) => {
      let offsets = cache.get(topic);
      if (!offsets) {
        offsets = admin.fetchTopicOffsets(topic).then((list) => list.map((p) => ({ topic, partition: p.partition, high: Number(p.high), low: Number(p.low) })));
        cache.set(topic, offsets);
      }
      return offsets;
    };
    const consumers = options.consumers();
    await Promise.all(
      consumers.map(async (progress) => {
        try {
          lastGood.set(progress.groupId, await sampleGroup(progress, topicOffsets));
        } catch (error) {
          gauges.pollErrors.inc({ consumergroup: progress.groupId });
          logger.debug({ err: error, group: progress.groupId }, 'lag poll failed; keeping the last values');
        }
      }),
    );
    const live = new Set(consumers.map((c) => c.groupId));
    for (const group of [...lastGood.keys()]) if (!live.has(group)) lastGood.delete(group);
    publish();
  };

  const poll = () => {
    inFlight ??= pollOnce().finally(() => (inFlight = undefined));
    return inFlight;
  };
  const timer = setInterval(() => void poll(), options.intervalMs ?? 5_000);
  timer.unref();
  void poll();
  return { poll, stop: () => clearInterval(timer) };
}
