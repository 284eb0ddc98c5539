import { createRequire } from 'node:module';
import { swapModuleExports } from './module-exports.js';

/**
 * Three fixes to kafkajs 2.2.4's (the last release) producer encoding, same bytes on the wire:
 *
 * 1. Records. kafkajs encodes each record into a new Encoder and each of its headers into another one, and each
 *    Encoder starts as a zero-filled 512-byte Buffer.alloc (an ArrayBuffer of its own, not pooled): ten of them per
 *    riskstream event, 5 KB allocated and copied twice. The fixed record encoder sizes one buffer per record and
 *    writes the headers into it. Most of what that still cost was the ~20 header strings, two calls into C++ each
 *    (kafkajs makes three: its length twice, the write): now each header is written once, with one call at most
 *    (names come from a small cache, short ASCII values are written by a loop), into a scratch buffer copied into
 *    the record once its size is known. One event with its nine headers: 2.2 → 1.1 µs a record (microbenchmark).
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
const field = (v: unknown): Field =>
  typeof v === 'string' ? v : v == null ? null : Buffer.isBuffer(v) ? v : String(v);
/** Its length on the wire; -1 for null. */
const fieldBytes = (v: Field): number =>
  v === null ? -1 : typeof v === 'string' ? Buffer.byteLength(v, 'utf8') : v.length;

/** Encoder.sizeOfVarInt: the bytes of a zig-zag varint. */
function varIntSize(value: number): number {
  let v = ((value << 1) ^ (value >> 31)) >>> 0;
  let bytes = 1;
  while (v > 0x7f) {
    bytes++;
    v >>>= 7;
  }
  return bytes;
}

/** Encoder#writeVarInt at `offset` in a buffer known to have room; returns the offset after it. */
function writeVarInt(buf: Buffer, offset: number, value: number): number {
  let v = ((value << 1) ^ (value >> 31)) >>> 0;
  while (v > 0x7f) {
    buf[offset++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  buf[offset++] = v;
  return offset;
}

/** Header strings up to this long are written by a loop when ASCII (~2 ns a character, a call into C++ ~35 ns). */
const SHORT_STRING = 16;
/** Header names whose encoding is kept (an event has nine; names past this many are encoded each time). */
const MAX_CACHED_NAMES = 64;
/** A record's headers are encoded into a scratch buffer of at least this size, kept for the next record. */
const SCRATCH_BYTES = 4096;
/** …unless a record's huge headers grew it past this. */
const MAX_KEPT_SCRATCH_BYTES = 64 * 1024;
/** The most UTF-8 bytes a UTF-16 code unit becomes (a surrogate pair: 4 bytes for 2 units). */
const MAX_UTF8_BYTES_PER_UNIT = 3;

/** The most bytes writeString takes for `s`. */
const maxStringBytes = (s: string) => MAX_VARINT32_BYTES + MAX_UTF8_BYTES_PER_UNIT * s.length;

/**
 * A string as kafkajs writes it (its UTF-8 length as a varint, then the bytes) at `offset` in `buf`, which has
 * room for the varint and 3 bytes a code unit; returns the offset after it. One call into C++ at most (kafkajs
 * makes three: the record's size, the header's, the write), so its byte count is only known once it is written.
 */
function writeString(buf: Buffer, offset: number, s: string): number {
  const n = s.length;
  if (n <= SHORT_STRING) {
    // ASCII is its own UTF-8, and a length below 64 is a one-byte varint (twice the length, zig-zag).
    let at = offset + 1;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) return writeUtf8(buf, offset, s);
      buf[at++] = c;
    }
    buf[offset] = n << 1;
    return at;
  }
  return writeUtf8(buf, offset, s);
}

/**
 * Writes the bytes after a varint of the string's length (its UTF-8 length is no less), then the varint of the
 * UTF-8 length, moving the bytes up first in the rare case it is longer (non-ASCII text crossing 64 bytes).
 */
function writeUtf8(buf: Buffer, offset: number, s: string): number {
  const guess = varIntSize(s.length);
  const bytes = buf.write(s, offset + guess, 'utf8');
  const size = varIntSize(bytes);
  if (size !== guess) buf.copyWithin(offset + size, offset + guess, offset + guess + bytes);
  return writeVarInt(buf, offset, bytes) + bytes;
}

/**
 * kafkajs's record v0 encoder (same arguments, same bytes), with one right-sized buffer per record. The headers
 * (~20 strings per riskstream event) are encoded first, into a scratch buffer kept across records (the encoder is
 * synchronous), each string with one call into C++ at most: the record's size is then known, and they are copied
 * in after the key and the value, which are measured once and written straight into it.
 */
export function createRecordEncoder(Encoder: EncoderClass): RecordEncoder {
  /** A field's size in the record: its length as a varint, then its bytes (none for null). */
  const fieldSize = (bytes: number) => varIntSize(bytes) + Math.max(bytes, 0);
  /** Header name → its varint length and UTF-8 bytes (bounded, so that ever-new names cannot grow it). */
  const names = new Map<string, Buffer>();
  let scratch = Buffer.allocUnsafeSlow(SCRATCH_BYTES);

  /** The scratch buffer, grown (keeping its first `offset` bytes) if it has less than `more` bytes past them. */
  const reserve = (offset: number, more: number): Buffer => {
    if (offset + more > scratch.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(2 * scratch.length, offset + more));
      scratch.copy(grown, 0, 0, offset);
      scratch = grown;
    }
    return scratch;
  };

  /** A header name's varint length and bytes, from the cache (undefined once it is full of other names). */
  const encodedName = (name: string): Buffer | undefined => {
    let encoded = names.get(name);
    if (encoded === undefined && names.size < MAX_CACHED_NAMES) {
      const bytes = Buffer.byteLength(name, 'utf8');
      encoded = Buffer.allocUnsafeSlow(varIntSize(bytes) + bytes);
      encoded.write(name, writeVarInt(encoded, 0, bytes), 'utf8');
      names.set(name, encoded);
    }
    return encoded;
  };

  /** One header, as kafkajs's header encoder writes it, at `offset` in the scratch buffer; returns the offset after. */
  const writeHeader = (offset: number, name: string, value: unknown): number => {
    const encoded = encodedName(name);
    if (encoded === undefined) offset = writeString(reserve(offset, maxStringBytes(name)), offset, name);
    else {
      // A loop: these are ~10 bytes, where a TypedArray copy costs more to set up.
      const buf = reserve(offset, encoded.length);
      for (let i = 0; i < encoded.length; i++) buf[offset++] = encoded[i];
    }
    const v = field(value);
    if (typeof v === 'string') return writeString(reserve(offset, maxStringBytes(v)), offset, v);
    if (v === null) return writeVarInt(reserve(offset, 1), offset, -1);
    const buf = reserve(offset, MAX_VARINT32_BYTES + v.length);
    offset = writeVarInt(buf, offset, v.length);
    buf.set(v, offset);
    return offset + v.length;
  };

  return ({ offsetDelta = 0, timestampDelta = 0, key, value, headers = {} }) => {
    // kafkajs's order: Object.keys, array values expanded.
    let count = 0;
    let headersEnd = 0;
    for (const name of Object.keys(headers)) {
      const v = headers[name];
      if (!Array.isArray(v)) {
        headersEnd = writeHeader(headersEnd, name, v);
        count++;
      } else
        for (const item of v) {
          headersEnd = writeHeader(headersEnd, name, item);
          count++;
        }
    }
    const k = field(key);
    const val = field(value);
    const keyBytes = fieldBytes(k);
    const valueBytes = fieldBytes(val);
    const sizeOfBody =
      1 +
      sizeOfVarLong(Encoder, timestampDelta) +
      varIntSize(offsetDelta) +
      fieldSize(keyBytes) +
      fieldSize(valueBytes) +
      varIntSize(count) +
      headersEnd;
    // Not `new Encoder()`: its constructor zero-fills a buffer of its own. Every byte of this one is written below,
    // so it can come from Node's pooled slab (records are a few KB at most) without being cleared first.
    const encoder = Object.create(Encoder.prototype) as EncoderInternals;
    encoder.offset = 0;
    encoder.buf = Buffer.allocUnsafe(sizeOfBody + MAX_VARINT32_BYTES);
    encoder
      .writeVarInt(sizeOfBody)
      .writeInt8(0) // no record attributes
      .writeVarLong(timestampDelta)
      .writeVarInt(offsetDelta);
    const buf = encoder.buf;
    let offset = writeField(buf, encoder.offset, k, keyBytes);
    offset = writeVarInt(buf, writeField(buf, offset, val, valueBytes), count);
    scratch.copy(buf, offset, 0, headersEnd);
    encoder.offset = offset + headersEnd;
    if (scratch.length > MAX_KEPT_SCRATCH_BYTES) scratch = Buffer.allocUnsafeSlow(SCRATCH_BYTES);
    return encoder;
  };
}

/** Its length as a varint, then its bytes, at `offset` in a buffer known to have room; returns the offset after. */
function writeField(buf: Buffer, offset: number, v: Field, bytes: number): number {
  offset = writeVarInt(buf, offset, bytes);
  if (v === null) return offset;
  if (typeof v === 'string') buf.write(v, offset, bytes, 'utf8');
  else buf.set(v, offset);
  return offset + bytes;
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
