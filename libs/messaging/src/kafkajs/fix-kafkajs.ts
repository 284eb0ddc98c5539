import { fixKafkaJsCrc32c } from './crc32c.fix.js';
import { fixKafkaJsDecoder } from './decoder.fix.js';
import { fixKafkaJsEncoder } from './encoder.fix.js';
import { fixKafkaJsRequestQueue } from './request-queue.fix.js';

/**
 * Installs every fix to kafkajs in this folder, once per process (idempotent). Call it before the first Kafka
 * request: createKafka does, and so must any client built without it (the pipeline benchmark's).
 */
export function fixKafkaJs(): void {
  fixKafkaJsRequestQueue();
  fixKafkaJsEncoder();
  fixKafkaJsCrc32c();
  fixKafkaJsDecoder();
}
