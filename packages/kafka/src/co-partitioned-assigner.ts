import { AssignerProtocol, type PartitionAssigner } from 'kafkajs';

/**
 * Partition N of EVERY subscribed topic goes to the same member (Kafka Streams' co-partitioning).
 * A stage that joins rows of several topics by a shared key (the normalizer assembling a perio chart
 * from exam, site and tooth topics, all keyed by the exam) needs this: with equal partition counts the
 * same key lands on the same partition number everywhere, and this assigner hands that number to one
 * member, so one instance sees every row of a root. Members are sorted by id and partition numbers
 * dealt round robin: deterministic for a given membership.
 */
export const coPartitionedAssigner: PartitionAssigner = ({ cluster }) => ({
  name: 'P2zCoPartitionedAssigner',
  version: 0,
  async assign({ members, topics }) {
    const sorted = members.map((m) => m.memberId).sort();
    const assignment = new Map<string, Record<string, number[]>>(sorted.map((id) => [id, {}]));
    for (const topic of topics) {
      for (const { partitionId } of cluster.findTopicPartitionMetadata(topic)) {
        const member = assignment.get(sorted[partitionId % sorted.length]!)!;
        (member[topic] ??= []).push(partitionId);
      }
    }
    return [...assignment].map(([memberId, topicPartitions]) => ({
      memberId,
      memberAssignment: AssignerProtocol.MemberAssignment.encode({ version: 0, assignment: topicPartitions, userData: Buffer.alloc(0) }),
    }));
  },
  protocol({ topics }) {
    return { name: 'P2zCoPartitionedAssigner', metadata: AssignerProtocol.MemberMetadata.encode({ version: 0, topics, userData: Buffer.alloc(0) }) };
  },
});
