import type { Admin, ITopicConfig } from 'kafkajs';

export interface TopicSpec {
  topic: string;
  partitions?: number;
  /** Ledger and dead-letter topics are kept forever: rollback and audit read them. */
  retention?: 'default' | 'forever';
  compacted?: boolean;
}

/** Creates the topics that do not exist yet; existing ones are left untouched. Idempotent. */
export async function ensureTopics(admin: Admin, specs: TopicSpec[], replicationFactor = 1): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing: ITopicConfig[] = specs
    .filter((spec) => !existing.has(spec.topic))
    .map((spec) => {
      const configEntries: Array<{ name: string; value: string }> = [];
      if (spec.retention === 'forever') configEntries.push({ name: 'retention.ms', value: '-1' }, { name: 'retention.bytes', value: '-1' });
      if (spec.compacted) configEntries.push({ name: 'cleanup.policy', value: 'compact' });
      return { topic: spec.topic, numPartitions: spec.partitions ?? 3, replicationFactor, configEntries };
    });
  if (missing.length > 0) {
    try {
      await admin.createTopics({ topics: missing, waitForLeaders: false });
    } catch (error) {
      // Another instance may have created them between list and create: that is success.
      if (!(error instanceof Error && /already exists/i.test(error.message))) throw error;
    }
  }
  await awaitLeaders(admin, specs.map((s) => s.topic));
}

/**
 * Waits until every partition of the topics has a leader. Several services create shared topics at
 * once on start; metadata briefly answers UNKNOWN_TOPIC_OR_PARTITION then, which is retried here.
 */
async function awaitLeaders(admin: Admin, topics: string[], timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { topics: meta } = await admin.fetchTopicMetadata({ topics });
      if (meta.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) return;
    } catch (error) {
      if (!(error as { retriable?: boolean }).retriable || Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) throw new Error(`topics without leaders after ${timeoutMs} ms: ${topics.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
