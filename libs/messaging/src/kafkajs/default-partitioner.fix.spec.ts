import { randomBytes, randomUUID } from 'node:crypto';
import type { PartitionerArgs, PartitionMetadata } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { DefaultPartitioner, murmur2 } from './default-partitioner.fix.js';
import { publishedKafkaJsModule } from './published-module.js';

type Murmur2 = (key: Buffer | string) => number;
const published = publishedKafkaJsModule<Murmur2>('kafkajs/src/producer/partitioners/default/murmur2.js');
const { Partitioners } = publishedKafkaJsModule<typeof import('kafkajs')>('kafkajs');

const partitions = (n: number, leaderless: number[] = []): PartitionMetadata[] =>
  Array.from({ length: n }, (_, partitionId) => ({
    partitionErrorCode: 0,
    partitionId,
    leader: leaderless.includes(partitionId) ? -1 : 1,
    replicas: [1],
    isr: [1],
  }));

describe('murmur2', () => {
  it("gives kafkajs's (and the Java client's) hash for every key length and byte value", () => {
    const keys: (string | Buffer)[] = ['', 'a', 'ab', 'abc', 'abcd', 'Zürich ✓', '\u{1F600}'];
    for (let length = 0; length < 80; length++) keys.push(randomBytes(length));
    for (let i = 0; i < 500; i++) keys.push(randomUUID(), `bench-${i}-${randomUUID()}`);
    for (const key of keys) expect(murmur2(key)).toBe(published(key));
  });

  it('matches known values of the Java client', () => {
    // org.apache.kafka.common.utils.Utils.murmur2 test vectors (UtilsTest.testMurmur2)
    expect(murmur2(Buffer.from('21'))).toBe(-973932308);
    expect(murmur2(Buffer.from('foobar'))).toBe(-790332482);
    expect(murmur2(Buffer.from('a-little-bit-long-string'))).toBe(-985981536);
    expect(murmur2(Buffer.from('a-little-bit-longer-string'))).toBe(-1486304829);
    expect(murmur2(Buffer.from('lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8'))).toBe(-58897971);
    expect(murmur2(Buffer.from([97, 98, 99]))).toBe(479470107);
  });
});

describe('DefaultPartitioner', () => {
  it("puts every keyed message on kafkajs's DefaultPartitioner's partition", () => {
    const ours = DefaultPartitioner();
    const theirs = Partitioners.DefaultPartitioner();
    for (const n of [1, 3, 6, 12, 50]) {
      for (let i = 0; i < 300; i++) {
        const args: PartitionerArgs = {
          topic: 't',
          partitionMetadata: partitions(n),
          message: { key: randomUUID(), value: 'v' },
        };
        expect(ours(args)).toBe(theirs(args));
      }
    }
  });

  it('honours an explicit partition, and round-robins keyless messages over partitions with a leader', () => {
    const partition = DefaultPartitioner();
    const metadata = partitions(4, [2]);
    expect(
      partition({ topic: 't', partitionMetadata: metadata, message: { key: 'k', value: 'v', partition: 3 } }),
    ).toBe(3);
    const chosen = Array.from({ length: 6 }, () =>
      partition({ topic: 't', partitionMetadata: metadata, message: { key: null, value: 'v' } }),
    );
    expect(new Set(chosen)).toEqual(new Set([0, 1, 3]));
    expect(chosen.slice(0, 3).sort()).toEqual(chosen.slice(3).sort());
  });
});
