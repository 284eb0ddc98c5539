import { createRequire } from 'node:module';
import { swapModuleExports } from './module-exports.js';

/**
 * kafkajs 2.2.4's record decoder (every consumed record goes through it):
 *
 * - builds the headers object with `reduce((obj, h) => ({ ...obj, [h.key]: … }), {})`: a new object per header,
 *   each a copy of the previous one (55 property copies for the ten headers of a riskstream event);
 * - parses the batch's first offset and first timestamp from strings into Long objects again for every record, and
 *   reads each timestamp delta through a chain of Long objects.
 *
 * The fixed decoder returns the same record object (same fields, same values, same header semantics, including
 * repeated header names becoming arrays) with plain numbers where they are exact: base values and deltas that stay
 * below 2^53. Anything else (huge offsets, a header named `__proto__`) is left to kafkajs's own decoder.
 *
 * Two differences in form, not in content, because a consumer holds every record of a fetch (thousands) while it
 * works through it, and what it holds is what each scavenge copies and then promotes: a header value whose bytes
 * are all ASCII is given as a string (kafkajs's header type allows strings; our consumers read every header as
 * text anyway) instead of a Buffer view; any other value keeps its exact bytes as a Buffer. And header names come
 * from a cache of names seen before instead of being nine new strings per record.
 */
interface DecoderInternals {
  buffer: Buffer;
  offset: number;
  readInt8(): number;
  readVarInt(): number;
  readVarIntBytes(): Buffer | null;
}

interface BatchContext {
  firstOffset?: string;
  firstTimestamp?: string;
  magicByte?: number;
  isControlBatch?: boolean;
  timestampType?: number;
  maxTimestamp?: string;
}

export interface DecodedRecord {
  magicByte: number | undefined;
  attributes: number;
  timestamp: string | undefined;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, HeaderValue | HeaderValue[]>;
  isControlRecord: boolean;
  batchContext: BatchContext;
}

/** A header value as the fixed decoder gives it: ASCII text as a string, other bytes as a Buffer. */
type HeaderValue = Buffer | string | null;

export type RecordDecoder = (decoder: DecoderInternals, batchContext?: BatchContext) => DecodedRecord;

const LOG_APPEND_TIME = 1; // kafkajs/src/protocol/timestampTypes.js
/** Varlongs of up to 7 bytes (49 bits) are read as numbers; longer ones go to kafkajs. */
const MAX_NUMBER_VARLONG_BYTES = 7;
const TWO_POW_7 = 128;

/** The zig-zag varlong at the decoder's offset as a number, or undefined (offset unchanged) if it is too long. */
function readNumberVarLong(decoder: DecoderInternals): number | undefined {
  const buffer = decoder.buffer;
  let offset = decoder.offset;
  let unsigned = 0;
  let scale = 1;
  for (let i = 0; i < MAX_NUMBER_VARLONG_BYTES; i++) {
    const byte = buffer[offset++]!;
    unsigned += (byte & 0x7f) * scale;
    if (byte < 0x80) {
      decoder.offset = offset;
      return unsigned % 2 === 0 ? unsigned / 2 : -(unsigned + 1) / 2;
    }
    scale *= TWO_POW_7;
  }
  return undefined;
}

/** Names up to this many bytes are cached, at most MAX_CACHED_NAMES of them (junk cannot grow the cache). */
const MAX_CACHED_NAME_BYTES = 32;
const MAX_CACHED_NAMES = 256;

/** Header names seen so far, by byte length. */
class HeaderNames {
  private readonly byLength: { bytes: Buffer; text: string }[][] = [];
  private size = 0;

  /** The name at the decoder's offset (varint length, then UTF-8); null for length -1, as kafkajs reads it. */
  read(decoder: DecoderInternals): string | null {
    const length = decoder.readVarInt();
    if (length === -1) return null;
    const buffer = decoder.buffer;
    const start = decoder.offset;
    decoder.offset = start + length;
    const candidates = length <= MAX_CACHED_NAME_BYTES ? this.byLength[length] : undefined;
    if (candidates)
      next: for (const candidate of candidates) {
        const bytes = candidate.bytes;
        for (let i = 0; i < length; i++) if (bytes[i] !== buffer[start + i]) continue next;
        return candidate.text;
      }
    const text = buffer.toString('utf8', start, start + length);
    if (length <= MAX_CACHED_NAME_BYTES && this.size < MAX_CACHED_NAMES) {
      (this.byLength[length] ??= []).push({
        bytes: Buffer.from(buffer.subarray(start, start + length)),
        text,
      });
      this.size++;
    }
    return text;
  }
}

/** The header value at the decoder's offset: ASCII as a string, other bytes as a Buffer, null for length -1. */
function readHeaderValue(decoder: DecoderInternals): HeaderValue {
  const length = decoder.readVarInt();
  if (length === -1) return null;
  const buffer = decoder.buffer;
  const start = decoder.offset;
  const end = start + length;
  decoder.offset = end;
  for (let i = start; i < end; i++) if (buffer[i]! >= 0x80) return buffer.subarray(start, end);
  return buffer.toString('latin1', start, end);
}

export function createRecordDecoder(published: RecordDecoder): RecordDecoder {
  const names = new HeaderNames();
  // Records of one batch share one context object: its base values are parsed once.
  let lastContext: BatchContext | undefined;
  let baseOffset = Number.NaN;
  let baseTimestamp = Number.NaN;

  return (decoder, batchContext = {}) => {
    if (batchContext !== lastContext) {
      lastContext = batchContext;
      baseOffset = Number(batchContext.firstOffset);
      baseTimestamp = Number(batchContext.firstTimestamp);
    }
    const start = decoder.offset;
    const attributes = decoder.readInt8();
    const timestampDelta = readNumberVarLong(decoder);
    const offsetDelta = timestampDelta === undefined ? 0 : decoder.readVarInt();
    const offset = baseOffset + offsetDelta;
    const appendTime = batchContext.timestampType === LOG_APPEND_TIME && batchContext.maxTimestamp;
    const timestamp = appendTime ? undefined : baseTimestamp + (timestampDelta ?? 0);
    if (
      timestampDelta === undefined ||
      !Number.isSafeInteger(baseOffset) ||
      !Number.isSafeInteger(offset) ||
      (timestamp !== undefined && (!Number.isSafeInteger(baseTimestamp) || !Number.isSafeInteger(timestamp)))
    ) {
      decoder.offset = start;
      return published(decoder, batchContext);
    }
    const key = decoder.readVarIntBytes();
    const value = decoder.readVarIntBytes();
    const count = decoder.readVarInt();
    const headers: DecodedRecord['headers'] = {};
    for (let i = 0; i < count; i++) {
      const name = names.read(decoder) as string;
      const headerValue = readHeaderValue(decoder);
      if (name === '__proto__') {
        decoder.offset = start;
        return published(decoder, batchContext);
      }
      // kafkajs's merge, inherited properties included: a repeated name collects its values in an array.
      const previous = headers[name];
      headers[name] =
        previous === undefined
          ? headerValue
          : Array.isArray(previous)
            ? previous.concat([headerValue])
            : [previous, headerValue];
    }
    return {
      magicByte: batchContext.magicByte,
      attributes,
      timestamp: appendTime ? batchContext.maxTimestamp : String(timestamp),
      offset: String(offset),
      key,
      value,
      headers,
      isControlRecord: batchContext.isControlBatch === undefined ? false : batchContext.isControlBatch,
      batchContext,
    };
  };
}

const RECORD_DECODER_MODULE = 'kafkajs/src/protocol/recordBatch/record/v0/decoder.js';
/** The one module that calls it; it keeps the function it found when it was loaded. */
const BATCH_DECODER_MODULE = 'kafkajs/src/protocol/recordBatch/v0/decoder.js';

/**
 * Installs the record decoder once per process (idempotent). Call it before the first fetch response is decoded
 * (the Kafka client factory does). Returns whether kafkajs's record batches are decoded with it.
 */
export function fixKafkaJsDecoder(): boolean {
  return swapModuleExports(
    createRequire(import.meta.url),
    RECORD_DECODER_MODULE,
    BATCH_DECODER_MODULE,
    (published: RecordDecoder) => createRecordDecoder(published),
  );
}
