import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AssignerProtocol } from 'kafkajs';
import { coPartitionedAssigner } from './co-partitioned-assigner.ts';

const partitions: Record<string, number> = { exams: 3, sites: 3, patients: 5 };
const cluster = { findTopicPartitionMetadata: (topic: string) => Array.from({ length: partitions[topic] ?? 0 }, (_, partitionId) => ({ partitionId })) };

async function assign(memberIds: string[]) {
  const assigner = coPartitionedAssigner({ cluster } as unknown as Parameters<typeof coPartitionedAssigner>[0]);
  const result = await assigner.assign({ members: memberIds.map((memberId) => ({ memberId, memberMetadata: Buffer.alloc(0) })), topics: Object.keys(partitions) });
  return new Map(result.map((r) => [r.memberId, AssignerProtocol.MemberAssignment.decode(r.memberAssignment)!.assignment]));
}

test('partition N of every topic goes to one member; every partition is assigned exactly once', async () => {
  for (const members of [['a'], ['b', 'a'], ['c', 'a', 'b'], ['a', 'b', 'c', 'd']]) {
    const byMember = await assign(members);
    for (const topic of Object.keys(partitions)) {
      const owners = Array.from({ length: partitions[topic]! }, (_, p) => [...byMember].filter(([, a]) => a[topic]?.includes(p)).map(([m]) => m));
      assert.ok(owners.every((o) => o.length === 1), `${topic} with ${members.join(',')}`);
    }
    for (let p = 0; p < 3; p++) {
      const exams = [...byMember].find(([, a]) => a['exams']?.includes(p))![0];
      const sites = [...byMember].find(([, a]) => a['sites']?.includes(p))![0];
      assert.equal(exams, sites, `partition ${p} co-located with ${members.join(',')}`);
    }
  }
});
