import { createRequire } from 'node:module';
import { createRecordDecoder, fixKafkaJsDecoder, type RecordDecoder } from './decoder.fix.js';
import { createRecordEncoder, encoderClass, type RecordInput } from './encoder.fix.js';
import { publishedKafkaJsModule } from './published-module.js';

const require = createRequire(import.meta.url);
const RECORD_DECODER = 'kafkajs/src/protocol/recordBatch/record/v0/decoder.js';

type DecoderClass = new (buffer: Buffer) => { readVarIntBytes(): Buffer };
const Decoder = require('kafkajs/src/protocol/decoder.js') as DecoderClass;
const encodeRecord = createRecordEncoder(encoderClass());

/** The record's body as kafkajs's batch decoder hands it to the record decoder (length prefix read). */
const body = (input: RecordInput) => new Decoder(encodeRecord(input).buffer).readVarIntBytes();

type Headers = Record<string, unknown>;
const ascii = (b: Buffer) => b.every((byte) => byte < 0x80);
/** A header value as the fixed decoder gives it: ASCII bytes as a string, other bytes as they are. */
const asFixedGivesIt = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(asFixedGivesIt) : Buffer.isBuffer(v) && ascii(v) ? v.toString('latin1') : v;

/** Decoded records compared with their header names in order (toEqual alone ignores key order). */
const comparable = (record: object & { headers: Headers }) => ({
  ...record,
  headers: Object.fromEntries(Object.keys(record.headers).map((k) => [k, asFixedGivesIt(record.headers[k])])),
  headerNames: Object.keys(record.headers),
});

describe('the fixed record decoder', () => {
  const published = publishedKafkaJsModule<RecordDecoder>(RECORD_DECODER);
  const fixed = createRecordDecoder(published);
  const context = (over: object = {}) => ({
    firstOffset: '41000',
    firstTimestamp: '1763800000000',
    magicByte: 2,
    isControlBatch: false,
    timestampType: 0,
    maxTimestamp: '1763800000999',
    ...over,
  });
  const decodeBoth = (input: RecordInput, ctx: object) => {
    const a = published(new Decoder(body(input)) as never, ctx);
    const b = fixed(new Decoder(body(input)) as never, ctx);
    return [comparable(a), comparable(b)] as const;
  };

  const inputs: RecordInput[] = [
    {},
    { key: null, value: null, offsetDelta: 0, timestampDelta: 0 },
    { key: 'application-1', value: '{"a":1}', offsetDelta: 7, timestampDelta: 12 },
    { key: 'k', value: 'v', offsetDelta: 70_000, timestampDelta: -5 },
    { value: 'x', timestampDelta: 2 ** 40 },
    { value: 'x', timestampDelta: 2 ** 52 }, // 8 varlong bytes: kafkajs decodes it
    {
      key: 'k',
      value: 'v',
      headers: {
        'event-id': 'e-1',
        many: ['1', '2', '3'],
        twice: ['a', 'b'],
        utf: 'é😀',
        empty: '',
        nothing: null,
        binary: Buffer.from([0x00, 0xff, 0xfe, 0x41]),
        control: '\u0000\u007f',
      },
    },
    { value: 'v', headers: { toString: 'inherited name', constructor: ['x', 'y'] } },
    { value: 'v', headers: { ['__proto__']: 'hostile' } },
  ];

  it('decodes every record exactly like kafkajs, header order and repeated names included', () => {
    for (const input of inputs) {
      for (const ctx of [context(), context({ isControlBatch: true }), context({ timestampType: 1 })]) {
        const [a, b] = decodeBoth(input, ctx);
        expect(b).toEqual(a);
      }
    }
  });

  it('gives ASCII header values as strings and other values with their exact bytes, record after record', () => {
    const input: RecordInput = {
      value: 'v',
      headers: { 'event-id': 'e-1', traceparent: '00-abc-01', utf: 'é', binary: Buffer.from([0xff, 0x00]) },
    };
    const first = fixed(new Decoder(body(input)) as never, context());
    const second = fixed(new Decoder(body(input)) as never, context());
    expect(first.headers['event-id']).toBe('e-1');
    expect(first.headers['traceparent']).toBe('00-abc-01');
    expect(first.headers['utf']).toEqual(Buffer.from('é'));
    expect(first.headers['binary']).toEqual(Buffer.from([0xff, 0x00]));
    // The second record's names come from the cache: the same names, in the same order.
    expect(Object.keys(second.headers)).toEqual(['event-id', 'traceparent', 'utf', 'binary']);
    expect(second).toEqual(first);
  });

  it('hands offsets and timestamps beyond 2^53 to kafkajs', () => {
    for (const ctx of [
      context({ firstOffset: '9007199254740990' }),
      context({ firstOffset: '9223372036854775000' }),
      context({ firstTimestamp: '9007199254740000' }),
      context({ firstTimestamp: '-1' }),
    ]) {
      const [a, b] = decodeBoth({ key: 'k', value: 'v', offsetDelta: 9, timestampDelta: 3_000_000 }, ctx);
      expect(b).toEqual(a);
    }
  });

  it('parses a batch context once, and again for the next batch', () => {
    const first = context();
    const second = context({ firstOffset: '99', firstTimestamp: '5' });
    const input = { value: 'v', offsetDelta: 1, timestampDelta: 1 };
    expect(fixed(new Decoder(body(input)) as never, first).offset).toBe('41001');
    expect(fixed(new Decoder(body(input)) as never, second)).toMatchObject({ offset: '100', timestamp: '6' });
    expect(fixed(new Decoder(body(input)) as never, first)).toMatchObject({ offset: '41001' });
  });
});

describe('fixKafkaJsDecoder', () => {
  it('installs the decoder where kafkajs record batches load it from, once', async () => {
    expect(fixKafkaJsDecoder()).toBe(true);
    const installed = require(RECORD_DECODER) as RecordDecoder;
    expect(fixKafkaJsDecoder()).toBe(true);
    expect(require(RECORD_DECODER)).toBe(installed);
    // A whole record batch, encoded by kafkajs and decoded by its batch decoder (which now uses the fix), reads
    // back like the published decoder reads it.
    const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0/index.js') as {
      RecordBatch: (batch: { records: unknown[]; firstOffset?: unknown }) => Promise<{ buffer: Buffer }>;
    };
    const records = Array.from({ length: 30 }, (_, i) =>
      encodeRecord({
        offsetDelta: i,
        timestampDelta: i * 3,
        key: `k${i}`,
        value: `v${i}`,
        headers: { h: `${i}` },
      }),
    );
    const batch = (await RecordBatch({ records })).buffer;
    const decodeBatch = require('kafkajs/src/protocol/recordBatch/v0/decoder.js') as (d: unknown) => Promise<{
      records: { offset: string; timestamp: string; key: Buffer; headers: Record<string, Buffer> }[];
    }>;
    const decoded = await decodeBatch(new Decoder(batch));
    expect(decoded.records.map((r) => [r.offset, r.key.toString(), String(r.headers['h'])])).toEqual(
      records.map((_, i) => [String(i), `k${i}`, `${i}`]),
    );
  });
});
