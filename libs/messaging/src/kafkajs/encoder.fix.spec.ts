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
});
