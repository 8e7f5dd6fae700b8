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
  if (missing.length === 0) return;
  try {
    await admin.createTopics({ topics: missing, waitForLeaders: true });
  } catch (error) {
    // Another instance may have created them between list and create: that is success.
    if (!(error instanceof Error && /already exists/i.test(error.message))) throw error;
  }
}
