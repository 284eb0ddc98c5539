import { createRequire } from 'node:module';
import { fixKafkaJsGroupMessages, groupMessagesPerPartition, type GroupInput } from './group-messages.fix.js';
import { publishedKafkaJsModule } from './published-module.js';

const require = createRequire(import.meta.url);
const GROUP_MODULE = 'kafkajs/src/producer/groupMessagesPerPartition.js';
const SEND_MESSAGES_MODULE = 'kafkajs/src/producer/sendMessages.js';

interface TestMessage {
  key: string;
  value: string;
}
const published = () =>
  publishedKafkaJsModule<(input: GroupInput<TestMessage>) => Record<number, TestMessage[]>>(GROUP_MODULE);

/** A partitioner like the producer's: the same key always on the same partition. */
const byKey =
  (partitions: number) =>
  ({ message }: { message: TestMessage }) =>
    [...message.key].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7) % partitions;

describe('groupMessagesPerPartition', () => {
  it('gives what kafkajs gives: each partition its messages in send order', () => {
    const original = published();
    for (const [count, partitions] of [
      [0, 6],
      [1, 6],
      [7, 1],
      [500, 6],
      [1000, 3],
      [64, 64],
    ] as const) {
      const messages = Array.from({ length: count }, (_, i) => ({ key: `k-${i % 97}`, value: `v-${i}` }));
      const input = {
        topic: 'risk.features.computed.v1',
        partitionMetadata: Array.from({ length: partitions }, (_, partitionId) => ({ partitionId })),
        messages,
        partitioner: byKey(partitions),
      };
      const ours = groupMessagesPerPartition(input);
      expect(ours).toStrictEqual(original(input));
      expect(Object.values(ours).flat()).toHaveLength(count);
      for (const list of Object.values(ours))
        for (let i = 1; i < list.length; i++)
          expect(Number(list[i]!.value.slice(2))).toBeGreaterThan(Number(list[i - 1]!.value.slice(2)));
    }
  });

  it('gives no partitions when the topic has no partition metadata, as kafkajs does', () => {
    const input = {
      topic: 't',
      partitionMetadata: [],
      messages: [{ key: 'a', value: '1' }],
      partitioner: () => 0,
    };
    expect(groupMessagesPerPartition(input)).toStrictEqual({});
    expect(published()(input)).toStrictEqual({});
  });
});

describe('fixKafkaJsGroupMessages', () => {
  it('installs the grouping before kafkajs loads its producer, once; the producer then uses it', () => {
    expect(require.cache[require.resolve(SEND_MESSAGES_MODULE)]).toBeUndefined();
    expect(fixKafkaJsGroupMessages()).toBe(true);
    expect(require(GROUP_MODULE)).toBe(groupMessagesPerPartition);
    expect(fixKafkaJsGroupMessages()).toBe(true);
    require(SEND_MESSAGES_MODULE);
    expect(fixKafkaJsGroupMessages()).toBe(true);
  });
});
