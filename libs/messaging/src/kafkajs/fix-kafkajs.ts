import { fixKafkaJsCrc32c } from './crc32c.fix.js';
import { fixKafkaJsDecoder } from './decoder.fix.js';
import { fixKafkaJsEncoder } from './encoder.fix.js';
import { fixKafkaJsGroupMessages } from './group-messages.fix.js';
import { fixKafkaJsRequestQueue } from './request-queue.fix.js';

/**
 * Installs every fix to kafkajs in this folder, once per process (idempotent). Call it before the first Kafka
 * request: createKafka does, and so must any client built without it (the pipeline benchmark's).
 *
 * The message grouping (group-messages.fix.ts) replaces a module kafkajs loads with its producer, i.e. as soon as
 * kafkajs itself is imported: only a process that calls this before importing kafkajs gets it. The services do,
 * from their instrumentation module (`node --import`), through `@riskstream/messaging/kafkajs-fixes`, which
 * imports nothing of kafkajs. Elsewhere kafkajs keeps its own (slower, same result).
 */
export function fixKafkaJs(): void {
  fixKafkaJsRequestQueue();
  fixKafkaJsEncoder();
  fixKafkaJsCrc32c();
  fixKafkaJsDecoder();
  fixKafkaJsGroupMessages();
}
