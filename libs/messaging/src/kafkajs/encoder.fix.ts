import { createRequire } from 'node:module';
import { swapModuleExports } from './module-exports.js';

/**
 * Three fixes to kafkajs 2.2.4's (the last release) producer encoding, same bytes on the wire:
 *
 * 1. Records. kafkajs encodes each record into a new Encoder and each of its headers into another one, and each
 *    Encoder starts as a zero-filled 512-byte Buffer.alloc (an ArrayBuffer of its own, not pooled): ten of them per
 *    riskstream event, 5 KB allocated and copied twice. The fixed record encoder sizes one buffer per record and
 *    writes the headers into it.
 *
 * 2. Varints. kafkajs 2.2.4 writes every varint of a record batch (the lengths of each record, key, value,
 * header name and header value, and the offset and timestamp deltas) by pushing its bytes into a new array and
 * copying a new Buffer made from it; varlongs also go through a chain of Long objects. With the nine envelope
 * headers of a riskstream event that is ~25 arrays and Buffers per record: the largest single source of garbage in
 * a pipeline service (8 % of the bytes it allocates), and so of its scavenges.
 *
 * The fix writes the same bytes straight into the encoder's buffer. Varlongs whose zig-zag form fits in 32 bits
 * (every delta a batch of a few thousand records has) take the same path; larger ones keep kafkajs's code.
 *
 * 3. Growth. An encoder that runs out of room doubles into a new zero-filled Buffer.alloc and copies what it has:
 *    a produce request of 500 events grows its record batch to 512 KB through ten of them, and clearing them was
 *    1-2 % of the whole machine's CPU in a throughput run (memset under Buffer.alloc). Nothing reads an encoder's
 *    buffer past what was written (`buffer` is a slice to the offset), so the new buffer need not be cleared.
 */
interface EncoderInternals {
  buf: Buffer;
  offset: number;
  ensureAvailable(length: number): void;
  writeUVarInt(value: number): EncoderInternals;
  writeVarInt(value: number): EncoderInternals;
  writeVarLong(value: unknown): EncoderInternals;
  writeInt8(value: number): EncoderInternals;
  readonly buffer: Buffer;
}

export type EncoderClass = { prototype: EncoderInternals } & (new (
  initialSize?: number,
) => EncoderInternals) & {
    sizeOfVarInt(value: number): number;
    sizeOfVarLong(value: unknown): number;
  };

type HeaderValue = Buffer | string | null | undefined;
export interface RecordInput {
  offsetDelta?: number;
  timestampDelta?: number;
  key?: Buffer | string | null;
  value?: Buffer | string | null;
  headers?: Record<string, HeaderValue | HeaderValue[]>;
}
export type RecordEncoder = (record: RecordInput) => EncoderInternals;

const RECORD_MODULE = 'kafkajs/src/protocol/recordBatch/record/v0/index.js';
/** The one module that calls the record encoder; it keeps the function it found when it was loaded. */
const PRODUCE_REQUEST_MODULE = 'kafkajs/src/protocol/requests/produce/v3/request.js';

const FIXED = Symbol.for('riskstream.kafkajs.encoder-fix');
/** The most bytes a 32-bit unsigned value takes as a LEB128 varint. */
const MAX_VARINT32_BYTES = 5;

/** kafkajs's growth (the next power of two that fits), into a buffer that is not cleared first. */
function ensureAvailable(this: EncoderInternals, length: number): void {
  const needed = this.offset + length;
  if (needed <= this.buf.length) return;
  const grown = Buffer.allocUnsafe(1 << (32 - Math.clz32(needed)));
  this.buf.copy(grown, 0, 0, this.offset);
  this.buf = grown;
}

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

function sizeOfVarLong(Encoder: EncoderClass, value: unknown): number {
  // Below 2^30 in magnitude the 64-bit zig-zag value is the 32-bit one (no Long objects).
  if (typeof value === 'number' && Number.isInteger(value) && value > -0x40000000 && value < 0x40000000)
    return Encoder.sizeOfVarInt(value);
  return Encoder.sizeOfVarLong(value);
}

/** A key, value or header as kafkajs writes it: null, raw bytes, or text (anything else as its String()). */
type Field = Buffer | string | null;
const field = (v: unknown): Field => (v == null ? null : Buffer.isBuffer(v) ? v : String(v));
/** Its length on the wire; -1 for null. */
const fieldBytes = (v: Field): number =>
  v === null ? -1 : typeof v === 'string' ? Buffer.byteLength(v, 'utf8') : v.length;

/**
 * kafkajs's record v0 encoder (same arguments, same bytes), with one right-sized buffer per record. Each key,
 * value and header is measured once and written straight into it (kafkajs measures a string once to size the
 * record and twice more to write it: ~20 strings per riskstream event).
 */
export function createRecordEncoder(Encoder: EncoderClass): RecordEncoder {
  /** A field's size in the record: its length as a varint, then its bytes (none for null). */
  const fieldSize = (bytes: number) => Encoder.sizeOfVarInt(bytes) + Math.max(bytes, 0);
  return ({ offsetDelta = 0, timestampDelta = 0, key, value, headers = {} }) => {
    // [header name, header value, …] and their sizes, in kafkajs's order (Object.keys, array values expanded).
    const fields: Field[] = [];
    for (const name of Object.keys(headers)) {
      const v = headers[name];
      if (Array.isArray(v)) for (const item of v) fields.push(name, field(item));
      else fields.push(name, field(v));
    }
    const k = field(key);
    const val = field(value);
    const keyBytes = fieldBytes(k);
    const valueBytes = fieldBytes(val);
    const sizes = new Array<number>(fields.length);
    let sizeOfHeaders = Encoder.sizeOfVarInt(fields.length / 2);
    for (let i = 0; i < fields.length; i++) {
      sizes[i] = fieldBytes(fields[i]!);
      sizeOfHeaders += fieldSize(sizes[i]!);
    }
    const sizeOfBody =
      1 +
      sizeOfVarLong(Encoder, timestampDelta) +
      Encoder.sizeOfVarInt(offsetDelta) +
      fieldSize(keyBytes) +
      fieldSize(valueBytes) +
      sizeOfHeaders;
    // kafkajs's constructor zero-fills a buffer of its own; every byte of this one is written below, so it can come
    // from Node's pooled slab (records are a few KB at most) without being cleared first.
    const encoder = new Encoder(1);
    encoder.buf = Buffer.allocUnsafe(sizeOfBody + MAX_VARINT32_BYTES);
    encoder
      .writeVarInt(sizeOfBody)
      .writeInt8(0) // no record attributes
      .writeVarLong(timestampDelta)
      .writeVarInt(offsetDelta);
    writeField(encoder, k, keyBytes);
    writeField(encoder, val, valueBytes);
    encoder.writeVarInt(fields.length / 2);
    for (let i = 0; i < fields.length; i++) writeField(encoder, fields[i]!, sizes[i]!);
    return encoder;
  };
}

/** Its length as a varint, then its bytes (the buffer is sized for the whole record). */
function writeField(encoder: EncoderInternals, v: Field, bytes: number): void {
  encoder.writeVarInt(bytes);
  if (v === null) return;
  if (typeof v === 'string') encoder.buf.write(v, encoder.offset, bytes, 'utf8');
  else v.copy(encoder.buf, encoder.offset);
  encoder.offset += bytes;
}

/**
 * Installs both fixes once per process (idempotent). Call it before the first produce request is encoded (the
 * Kafka client factory does): the record fix only reaches kafkajs's produce request if that module loads after it.
 * Returns whether kafkajs's produce requests use the fixed record encoder.
 */
export function fixKafkaJsEncoder(): boolean {
  const proto = encoderClass().prototype as EncoderInternals & { [FIXED]?: true };
  if (!proto[FIXED]) {
    const originalWriteVarLong = proto.writeVarLong;
    proto.writeUVarInt = writeUVarInt;
    proto.ensureAvailable = ensureAvailable;
    proto.writeVarLong = function writeVarLong(this: EncoderInternals, value: unknown): EncoderInternals {
      // |value| < 2^30: the 64-bit zig-zag value is below 2^31, the same as the 32-bit one.
      if (typeof value === 'number' && Number.isInteger(value) && value > -0x40000000 && value < 0x40000000)
        return writeUVarInt.call(this, ((value << 1) ^ (value >> 31)) >>> 0);
      return originalWriteVarLong.call(this, value);
    };
    proto[FIXED] = true;
  }
  return swapModuleExports(createRequire(import.meta.url), RECORD_MODULE, PRODUCE_REQUEST_MODULE, () =>
    createRecordEncoder(encoderClass()),
  );
}
