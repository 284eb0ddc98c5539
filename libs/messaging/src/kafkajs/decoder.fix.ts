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
  headers: Record<string, Buffer | null | (Buffer | null)[]>;
  isControlRecord: boolean;
  batchContext: BatchContext;
}

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

/** A varint-prefixed UTF-8 string without the intermediate Buffer kafkajs makes; null for length -1. */
function readVarIntString(decoder: DecoderInternals): string | null {
  const length = decoder.readVarInt();
  if (length === -1) return null;
  const start = decoder.offset;
  decoder.offset = start + length;
  return decoder.buffer.toString('utf8', start, start + length);
}

export function createRecordDecoder(published: RecordDecoder): RecordDecoder {
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
      const name = readVarIntString(decoder) as string;
      const headerValue = decoder.readVarIntBytes();
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
