import { AssignerProtocol } from 'kafkajs';
import type { Assigner, PartitionAssigner } from 'kafkajs';

/**
 * Which member reads which partitions: partition p of EVERY topic goes to the same member (members
 * sorted by id, partition numbers dealt out in turn). Topics keyed alike and with equal partition
 * counts (a device's events and its commands) are thereby read by one member, which is what lets
 * provisioning fold all records of a device in one process. Kafka's and kafkajs's round-robin
 * assignor deals topic-partitions out as one list instead, so with 3 members and 64 partitions a
 * device's commands and events land on different members.
 *
 * Pure, for tests: member ids and each topic's partition ids in, each member's assignment out.
 */
export function assignCoPartitioned(
  memberIds: readonly string[],
  topics: readonly { readonly topic: string; readonly partitions: readonly number[] }[],
): Map<string, Record<string, number[]>> {
  const members = [...memberIds].sort();
  const assignment = new Map<string, Record<string, number[]>>(members.map((id) => [id, {}]));
  if (members.length === 0) return assignment;
  const numbers = [...new Set(topics.flatMap((t) => t.partitions))].sort((a, b) => a - b);
  const owner = new Map(numbers.map((p, i) => [p, members[i % members.length]!]));
  for (const { topic, partitions } of topics) {
    for (const partition of [...partitions].sort((a, b) => a - b)) {
      const member = assignment.get(owner.get(partition)!)!;
      (member[topic] ??= []).push(partition);
    }
  }
  return assignment;
}

const NAME = 'HeadendCoPartitioned';

/** The kafkajs form of assignCoPartitioned (the group's leader runs it for every member). */
export const coPartitionedAssigner: PartitionAssigner = ({ cluster }): Assigner => ({
  name: NAME,
  version: 0,
  assign({ members, topics }) {
    const byTopic = topics.map((topic) => ({
      topic,
      partitions: cluster.findTopicPartitionMetadata(topic).map((m) => m.partitionId),
    }));
    const assignment = assignCoPartitioned(
      members.map((m) => m.memberId),
      byTopic,
    );
    return Promise.resolve(
      [...assignment].map(([memberId, topicPartitions]) => ({
        memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({
          version: 0,
          assignment: topicPartitions,
          userData: Buffer.alloc(0),
        }),
      })),
    );
  },
  protocol({ topics }) {
    return {
      name: NAME,
      metadata: AssignerProtocol.MemberMetadata.encode({ version: 0, topics, userData: Buffer.alloc(0) }),
    };
  },
});
