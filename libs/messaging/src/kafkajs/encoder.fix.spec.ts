import { createRequire } from 'node:module';
import {
  createRecordEncoder,
  encoderClass,
  fixKafkaJsEncoder,
  type EncoderClass,
  type RecordEncoder,
  type RecordInput,
} from './encoder.fix.js';
import { publishedKafkaJsModule } from './published-module.js';

const require = createRequire(import.meta.url);

const originalEncoder = () => publishedKafkaJsModule<EncoderClass>('kafkajs/src/protocol/encoder.js');
const RECORD = 'kafkajs/src/protocol/recordBatch/record/v0/index.js';
const HEADER = 'kafkajs/src/protocol/recordBatch/header/v0/index.js';

interface KafkaJsWriter {
  writeInt8(v: number): KafkaJsWriter;
  writeVarInt(v: number): KafkaJsWriter;
  writeVarLong(v: number): KafkaJsWriter;
  writeVarIntBytes(v: unknown): KafkaJsWriter;
  writeVarIntArray(v: unknown[]): KafkaJsWriter;
  readonly buffer: Buffer;
}

/**
 * A record laid out as kafkajs's record encoder lays it out, from kafkajs's own Encoder and header encoder: for
 * header values its record encoder cannot size (it throws on null, undefined and numbers), which the fix writes
 * as its header encoder does.
 */
const framedByKafkaJs = ({ offsetDelta = 0, timestampDelta = 0, key, value, headers = {} }: RecordInput) => {
  const Encoder = originalEncoder() as unknown as new () => KafkaJsWriter;
  const header = publishedKafkaJsModule<(h: { key: string; value: unknown }) => unknown>(HEADER);
  const encoded = Object.keys(headers).flatMap((name) => {
    const v = headers[name];
    return (Array.isArray(v) ? v : [v]).map((item) => header({ key: name, value: item }));
  });
  const body = new Encoder()
    .writeInt8(0)
    .writeVarLong(timestampDelta)
    .writeVarInt(offsetDelta)
    .writeVarIntBytes(key)
    .writeVarIntBytes(value)
    .writeVarIntArray(encoded).buffer;
  return Buffer.concat([new Encoder().writeVarInt(body.length).buffer, body]).toString('hex');
};

const bytes = (Encoder: EncoderClass, write: (e: Record<string, (v: unknown) => unknown>) => void) => {
  const encoder = new Encoder() as unknown as Record<string, (v: unknown) => unknown> & { buffer: Buffer };
  write(encoder);
  return encoder.buffer.toString('hex');
};

describe('fixKafkaJsEncoder', () => {
  const patched = encoderClass();
  const original = originalEncoder();
  fixKafkaJsEncoder();

  it('patches the encoder kafkajs itself uses, once', () => {
    expect(patched).not.toBe(original);
    const first = patched.prototype.writeUVarInt;
    fixKafkaJsEncoder();
    expect(patched.prototype.writeUVarInt).toBe(first);
    expect(first).not.toBe(original.prototype.writeUVarInt);
  });

  it('grows like kafkajs, into buffers it does not clear', () => {
    expect(patched.prototype.ensureAvailable).not.toBe(original.prototype.ensureAvailable);
    const a = new patched(1);
    const b = new original(1);
    // Dirty the pool: a cleared buffer and an uncleared one must still give the same bytes.
    Buffer.allocUnsafe(2048).fill(0xee);
    for (const chunk of [1, 3, 200, 700, 5_000, 70_000]) {
      const data = Buffer.alloc(chunk, chunk % 251);
      for (const e of [a, b]) {
        e.ensureAvailable(chunk);
        data.copy(e.buf, e.offset);
        e.offset += chunk;
      }
      expect(a.buf.length).toBe(b.buf.length);
      expect(a.buffer.equals(b.buffer)).toBe(true);
    }
  });

  const ints = [
    0,
    1,
    -1,
    63,
    -64,
    64,
    127,
    128,
    300,
    -300,
    16_383,
    16_384,
    2 ** 20,
    -(2 ** 20),
    2 ** 28,
    2 ** 30 - 1,
  ];
  const edges = [2 ** 31 - 1, -(2 ** 31), 0x7fffffff, 2 ** 30, -(2 ** 30)];

  it('writes the same varints as kafkajs', () => {
    for (const v of [...ints, ...edges]) {
      expect(bytes(patched, (e) => e.writeVarInt!(v))).toBe(bytes(original, (e) => e.writeVarInt!(v)));
      expect(bytes(patched, (e) => e.writeUVarInt!(v >>> 0))).toBe(
        bytes(original, (e) => e.writeUVarInt!(v >>> 0)),
      );
    }
  });

  it('writes the same varlongs as kafkajs, small and large', () => {
    const longs = [...ints, ...edges, 2 ** 40, -(2 ** 40), Date.now(), -Date.now(), Number.MAX_SAFE_INTEGER];
    for (const v of longs)
      expect(bytes(patched, (e) => e.writeVarLong!(v))).toBe(bytes(original, (e) => e.writeVarLong!(v)));
    expect(bytes(patched, (e) => e.writeVarLong!('12345678901234'))).toBe(
      bytes(original, (e) => e.writeVarLong!('12345678901234')),
    );
  });

  it('encodes a whole record batch byte for byte like kafkajs, across buffer growth', () => {
    const records = Array.from({ length: 300 }, (_, i) => ({
      key: `application-${i}`,
      value: JSON.stringify({ i, text: 'x'.repeat(i * 7) }),
      headers: { 'event-id': `e-${i}`, 'schema-version': '1', traceparent: '00-'.padEnd(55, 'a') },
    }));
    const write = (e: Record<string, (v: unknown) => unknown>) => {
      for (const r of records) {
        e.writeVarInt!(r.key.length);
        e.writeVarIntString!(r.key);
        e.writeVarIntBytes!(r.value);
        e.writeVarLong!(r.value.length * 1_000);
        for (const [name, value] of Object.entries(r.headers)) {
          e.writeVarIntString!(name);
          e.writeVarIntBytes!(value);
        }
      }
    };
    expect(bytes(patched, write)).toBe(bytes(original, write));
  });

  it('encodes records byte for byte like kafkajs, and kafkajs produce requests use it', () => {
    expect(fixKafkaJsEncoder()).toBe(true);
    const original = publishedKafkaJsModule<RecordEncoder>(RECORD);
    const fast = createRecordEncoder(patched);
    expect(require(RECORD)).not.toBe(original);
    expect(require(RECORD)).toEqual(expect.any(Function));
    const long = 'é'.repeat(400);
    const inputs: RecordInput[] = [
      {},
      { key: null, value: null },
      { key: 'k', value: 'v', offsetDelta: 3, timestampDelta: 17 },
      { key: Buffer.from([0, 1, 2]), value: Buffer.alloc(0), timestampDelta: -5 },
      { key: 'application-1', value: long, offsetDelta: 70_000, timestampDelta: 2 ** 31 },
      {
        value: 'x',
        headers: { a: 'b', empty: '', many: ['1', Buffer.from('2'), '3'], utf: long },
      },
      {
        value: 'x'.repeat(600),
        headers: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`h${i}`, `${i}`])),
      },
      {
        key: 'ключ 🔑 \ud800',
        value: `{"s":"lone \ud800 and 😀"}`,
        headers: { é: 'ü\udc00', b: Buffer.from('€') },
      },
    ];
    for (const input of inputs)
      expect(fast(input).buffer.toString('hex')).toBe(original(input).buffer.toString('hex'));
  });

  // Strings around each limit of the fast paths: the ASCII loop (16 units), a one-byte varint (63 bytes), UTF-8
  // text whose byte length needs a longer varint than its length (bytes moved up), the scratch buffer's growth.
  const uuid = '5cff1a07-defe-4064-8808-4a1988e80cec';
  const texts = [
    '',
    'a',
    '1.0',
    'x'.repeat(16),
    'x'.repeat(17),
    'x'.repeat(63),
    'x'.repeat(64),
    'x'.repeat(5_000),
    uuid,
    '00-48d7c8c0f7c3ee20966f84525a19ac77-4776cd55b98d0c08-01',
    'é',
    'caf\u00e9',
    '😀',
    '\ud800',
    'a\udc00b',
    '\ud83d',
    `${'x'.repeat(15)}é`,
    `${'é'.repeat(31)}a`, // 63 bytes
    'é'.repeat(32), // 64 bytes from 32 units: a two-byte varint where the length needs one
    '😀'.repeat(16), // 64 bytes
    '€'.repeat(22), // 66 bytes
    'ü'.repeat(3_000), // 6,000 bytes: more room than the scratch buffer starts with
    `${'x'.repeat(8_190)}é`, // 8,192 bytes from 8,191 units: a three-byte varint where the length needs two
    'ключ 🔑 \ud800',
  ];
  const names = ['event-id', 'x'.repeat(17), 'x'.repeat(70), 'é', 'ключ', '😀', '\ud800', 'n\udfff', ''];
  const riskstreamHeaders = {
    'event-id': uuid,
    'event-type': 'application.validated',
    'schema-version': '1.0',
    'occurred-at': '2026-12-07T11:57:10.700Z',
    producer: 'ingestion',
    'content-type': 'application/json',
    traceparent: '00-48d7c8c0f7c3ee20966f84525a19ac77-4776cd55b98d0c08-01',
    'causation-id': uuid,
    'correlation-id': uuid,
  };
  const json = Buffer.from(JSON.stringify({ id: uuid, text: 'x'.repeat(800) }));
  const inputs: RecordInput[] = [
    { key: uuid, value: json, headers: riskstreamHeaders },
    { key: Buffer.from(uuid), value: json.toString(), headers: riskstreamHeaders, offsetDelta: 499 },
    ...texts.map((t, i) => ({
      key: t,
      value: t,
      headers: { [names[i % names.length]!]: t },
      offsetDelta: i,
    })),
    ...names.map((name) => ({
      value: 'v',
      headers: Object.fromEntries(texts.map((t, i) => [`${name}${i}`, t])),
    })),
    { value: 'v', headers: Object.fromEntries(names.map((name, i) => [name, texts[i]!])) },
    {
      key: Buffer.alloc(0),
      value: Buffer.from('é'),
      headers: {
        a: Buffer.alloc(0),
        b: Buffer.from([0, 0xff, 0x80]),
        c: [uuid, Buffer.from(uuid), '', 'é', '\ud800', Buffer.alloc(300, 7)],
        d: [],
        ['x'.repeat(100)]: ['1', '2'],
      },
    },
    // Headers larger than the scratch buffer it starts with, and than the one it keeps.
    { value: 'v', headers: { big: Buffer.alloc(100_000, 1), after: 'x' } },
    { value: 'v', headers: { big: 'é'.repeat(40_000), utf: ['😀'.repeat(2_000), 'y'] } },
    {
      value: 'v',
      headers: Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`h-${i}`, 'z'.repeat(i)])),
    },
  ];

  it('encodes keys, values and headers of every kind like kafkajs, whatever it has cached', () => {
    const original = publishedKafkaJsModule<RecordEncoder>(RECORD);
    const fresh = createRecordEncoder(patched);
    // Another encoder whose header-name cache is full of other names: every name here takes the uncached path.
    const full = createRecordEncoder(patched);
    full({ headers: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`junk-${i}`, `${i}`])) });
    for (const input of [...inputs, ...inputs.slice().reverse()]) {
      const expected = original(input).buffer.toString('hex');
      expect(fresh(input).buffer.toString('hex')).toBe(expected);
      expect(full(input).buffer.toString('hex')).toBe(expected);
    }
  });

  it('writes null and undefined header values as kafkajs writes a null header (its record encoder throws)', () => {
    const original = publishedKafkaJsModule<RecordEncoder>(RECORD);
    const fast = createRecordEncoder(patched);
    // The layout the expectations come from is kafkajs's own record layout.
    for (const input of inputs) expect(framedByKafkaJs(input)).toBe(original(input).buffer.toString('hex'));
    const nulls: RecordInput[] = [
      { key: 'k', value: 'v', headers: { a: null } },
      { value: null, headers: { a: undefined, b: 'x', c: [null, 'y', undefined] } },
      { key: uuid, value: json, headers: { ...riskstreamHeaders, 'causation-id': null } },
      // Not in the types, but written as kafkajs's header encoder writes them: as their String().
      { key: 'k', headers: { retries: 3 as unknown as string, ok: [true as unknown as string] } },
    ];
    for (const input of nulls) {
      expect(() => original(input)).toThrow(TypeError);
      expect(fast(input).buffer.toString('hex')).toBe(framedByKafkaJs(input));
    }
  });
});
