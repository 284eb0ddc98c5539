import { AssignerProtocol, type Admin } from 'kafkajs';

/**
 * The partitions of `topic` that the member(s) with `clientId` own in a stable consumer group, or undefined while the
 * group is rebalancing or the client is not in it. Lets a test feed one particular service instance even when other
 * instances (e.g. a running `npm run up` stack) share its consumer group.
 */
export async function partitionsOf(
  admin: Admin,
  groupId: string,
  clientId: string,
  topic: string,
): Promise<number[] | undefined> {
  const { groups } = await admin.describeGroups([groupId]);
  const group = groups[0];
  if (!group || group.state !== 'Stable') return undefined;
  const partitions = group.members
    .filter((member) => member.clientId === clientId)
    .flatMap(
      (member) => AssignerProtocol.MemberAssignment.decode(member.memberAssignment)?.assignment[topic] ?? [],
    );
  return partitions.length > 0 ? partitions.sort((a, b) => a - b) : undefined;
}
