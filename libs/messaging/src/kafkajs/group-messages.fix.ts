import { createRequire } from 'node:module';
import { swapModuleExports } from './module-exports.js';

export interface GroupInput<M> {
  topic: string;
  partitionMetadata: readonly unknown[];
  messages: readonly M[];
  partitioner: (args: { topic: string; partitionMetadata: readonly unknown[]; message: M }) => number;
}

/**
 * kafkajs 2.2.4 groups a send's messages by partition with `[...current, message]` per message: every message
 * copies its partition's array so far, quadratic in the messages per partition. A 500-message outbox round over
 * six partitions copied ~21,000 array slots and was 5-7 % of the bytes a pipeline service allocated. Same
 * result here (an object of partition → messages in send order), one push per message.
 */
export function groupMessagesPerPartition<M>({
  topic,
  partitionMetadata,
  messages,
  partitioner,
}: GroupInput<M>): Record<number, M[]> {
  const result: Record<number, M[]> = {};
  if (partitionMetadata.length === 0) return result;
  for (const message of messages) {
    const partition = partitioner({ topic, partitionMetadata, message });
    const current = result[partition];
    if (current) current.push(message);
    else result[partition] = [message];
  }
  return result;
}

const GROUP_MODULE = 'kafkajs/src/producer/groupMessagesPerPartition.js';
/** The one module that calls it; it keeps the function it found when it was loaded. */
const SEND_MESSAGES_MODULE = 'kafkajs/src/producer/sendMessages.js';

/**
 * Installs the grouping in kafkajs once per process (idempotent). Call it before the first producer is created
 * (the Kafka client factory does). Returns whether kafkajs's producers use it.
 */
export function fixKafkaJsGroupMessages(): boolean {
  return swapModuleExports(
    createRequire(import.meta.url),
    GROUP_MODULE,
    SEND_MESSAGES_MODULE,
    () => groupMessagesPerPartition,
  );
}
