import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { crc32c, fixKafkaJsCrc32c } from './crc32c.fix.js';
import { publishedKafkaJsModule } from './published-module.js';

const require = createRequire(import.meta.url);
const CRC_MODULE = 'kafkajs/src/protocol/recordBatch/crc32C/index.js';

const publishedCrc = () => publishedKafkaJsModule<(buffer: Buffer) => number>(CRC_MODULE);

describe('crc32c', () => {
  const published = publishedCrc();

  it('gives the standard CRC-32C check value', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32c(Buffer.alloc(0))).toBe(0);
  });

  it('equals kafkajs for every length around its 8-byte steps, and for views into larger buffers', () => {
    for (let length = 0; length < 80; length++) {
      const bytes = randomBytes(length);
      expect(crc32c(bytes)).toBe(published(bytes));
    }
    const big = randomBytes(1 << 20);
    expect(crc32c(big)).toBe(published(big));
    const view = big.subarray(3, 70_001);
    expect(crc32c(view)).toBe(published(view));
  });
});

describe('fixKafkaJsCrc32c', () => {
  it('installs the checksum where kafkajs record batches load it from, once', () => {
    expect(fixKafkaJsCrc32c()).toBe(true);
    expect(require(CRC_MODULE)).toBe(crc32c);
    expect(fixKafkaJsCrc32c()).toBe(true);
  });

  it('leaves record batches valid: their CRC field checks out with kafkajs own checksum', async () => {
    fixKafkaJsCrc32c();
    const published = publishedCrc();
    const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0/index.js') as {
      RecordBatch: (batch: { records: unknown[] }) => Promise<{ buffer: Buffer }>;
    };
    const Record = require('kafkajs/src/protocol/recordBatch/record/v0/index.js') as (r: object) => unknown;
    const records = Array.from({ length: 25 }, (_, i) =>
      Record({
        offsetDelta: i,
        key: `key-${i}`,
        value: randomBytes(100 + i).toString('hex'),
        headers: { h: `${i}` },
      }),
    );
    const batch = (await RecordBatch({ records })).buffer;
    // firstOffset (8) length (4) partitionLeaderEpoch (4) magic (1), then the CRC of everything after it.
    expect(batch.readUInt32BE(17)).toBe(published(batch.subarray(21)));
  });
});
