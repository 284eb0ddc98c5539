import { createRequire } from 'node:module';

/**
 * kafkajs 2.2.4 (the last release) writes every varint of a record batch (the lengths of each record, key, value,
 * header name and header value, and the offset and timestamp deltas) by pushing its bytes into a new array and
 * copying a new Buffer made from it; varlongs also go through a chain of Long objects. With the nine envelope
 * headers of a riskstream event that is ~25 arrays and Buffers per record: the largest single source of garbage in
 * a pipeline service (8 % of the bytes it allocates), and so of its scavenges.
 *
 * The fix writes the same bytes straight into the encoder's buffer. Varlongs whose zig-zag form fits in 32 bits
 * (every delta a batch of a few thousand records has) take the same path; larger ones keep kafkajs's code.
 */
interface EncoderInternals {
  buf: Buffer;
  offset: number;
  ensureAvailable(length: number): void;
  writeUVarInt(value: number): EncoderInternals;
  writeVarLong(value: unknown): EncoderInternals;
}

export type EncoderClass = { prototype: EncoderInternals } & (new (initialSize?: number) => EncoderInternals);

const FIXED = Symbol.for('riskstream.kafkajs.encoder-fix');
/** The most bytes a 32-bit unsigned value takes as a LEB128 varint. */
const MAX_VARINT32_BYTES = 5;

export function encoderClass(): EncoderClass {
  const require = createRequire(import.meta.url);
  return require('kafkajs/src/protocol/encoder.js') as EncoderClass;
}

function writeUVarInt(this: EncoderInternals, value: number): EncoderInternals {
  this.ensureAvailable(MAX_VARINT32_BYTES);
  const buf = this.buf;
  let offset = this.offset;
  // kafkajs's loop: 7 bits at a time while any bit above the low 7 is set (as an unsigned 32-bit value).
  while ((value & 0xffffff80) !== 0) {
    buf[offset++] = (value & 0x7f) | 0x80;
    value >>>= 7;
  }
  buf[offset++] = value & 0x7f;
  this.offset = offset;
  return this;
}

/** Installs the fix once per process (idempotent). */
export function fixKafkaJsEncoder(): void {
  const proto = encoderClass().prototype as EncoderInternals & { [FIXED]?: true };
  if (proto[FIXED]) return;
  const originalWriteVarLong = proto.writeVarLong;
  proto.writeUVarInt = writeUVarInt;
  proto.writeVarLong = function writeVarLong(this: EncoderInternals, value: unknown): EncoderInternals {
    // |value| < 2^30: the 64-bit zig-zag value is below 2^31, the same as the 32-bit one.
    if (typeof value === 'number' && Number.isInteger(value) && value > -0x40000000 && value < 0x40000000)
      return writeUVarInt.call(this, ((value << 1) ^ (value >> 31)) >>> 0);
    return originalWriteVarLong.call(this, value);
  };
  proto[FIXED] = true;
}
