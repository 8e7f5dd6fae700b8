import { AssignerProtocol, type Admin } from 'kafkajs';
import { entityOfTopic, type ConsumerProgress } from '@panda2zoho/kafka';
import { reconciledEntityOf } from '../domain/entity-targets.ts';
import type { LagSample } from '../domain/cutover-readiness.ts';

/** The pipeline stages whose consumer groups (`<ns>.<stage>`) must be drained before cutover. */
export const PIPELINE_STAGES = ['extractor', 'normalizer', 'deduper', 'zoho-writer'] as const;

const entityOf = (topic: string) => reconciledEntityOf(entityOfTopic(topic)) ?? null;

async function highAndLow(admin: Admin, topic: string): Promise<Array<{ partition: number; high: number; low: number }>> {
  return (await admin.fetchTopicOffsets(topic)).map((p) => ({ partition: p.partition, high: Number(p.high), low: Number(p.low) }));
}

/** Topics the group's live members are assigned (a group that has not committed yet still has records waiting). */
async function assignedTopics(admin: Admin, groupId: string): Promise<Set<string>> {
  const { groups } = await admin.describeGroups([groupId]);
  const topics = new Set<string>();
  for (const member of groups[0]?.members ?? []) {
    const decoded = AssignerProtocol.MemberAssignment.decode(member.memberAssignment);
    for (const topic of Object.keys(decoded?.assignment ?? {})) topics.add(topic);
  }
  return topics;
}

/**
 * Current lag of every pipeline stage: high watermark − committed offset per partition, over the
 * topics the group consumes (assigned to a live member, or with a committed offset among the
 * namespace's topics); nothing committed on an assigned topic → high − log start. Offsets count
 * transaction markers; the runtime commits past them, so a drained stage reads 0.
 */
export async function stageLag(admin: Admin, namespace: string): Promise<LagSample[]> {
  const namespaceTopics = (await admin.listTopics()).filter((t) => t.startsWith(`${namespace}.`));
  const samples: LagSample[] = [];
  for (const stage of PIPELINE_STAGES) {
    const groupId = `${namespace}.${stage}`;
    const assigned = await assignedTopics(admin, groupId);
    const candidates = [...new Set([...assigned, ...namespaceTopics])];
    const committed = new Map<string, number>();
    const seen = new Set(assigned);
    for (const t of candidates.length > 0 ? await admin.fetchOffsets({ groupId, topics: candidates }) : []) {
      for (const p of t.partitions) {
        if (Number(p.offset) < 0) continue;
        committed.set(`${t.topic}/${p.partition}`, Number(p.offset));
        seen.add(t.topic);
      }
    }
    for (const topic of [...seen].sort()) {
      let lag = 0;
      for (const { partition, high, low } of await highAndLow(admin, topic)) lag += Math.max(0, high - (committed.get(`${topic}/${partition}`) ?? low));
      samples.push({ stage, groupId, topic, entity: entityOf(topic), lag });
    }
  }
  return samples;
}

/** The reconciler's own lag: how far its read model is behind each topic (it never commits: its in-memory position). */
export async function readModelLag(admin: Admin, progress: ConsumerProgress): Promise<LagSample[]> {
  const samples: LagSample[] = [];
  for (const topic of progress.topics) {
    let lag = 0;
    for (const { partition, high, low } of await highAndLow(admin, topic)) {
      const next = progress.get(topic, partition)?.nextOffset;
      lag += Math.max(0, high - (next === undefined ? low : Number(next)));
    }
    samples.push({ stage: 'reconciler', groupId: progress.groupId, topic, entity: entityOf(topic), lag });
  }
  return samples;
}
