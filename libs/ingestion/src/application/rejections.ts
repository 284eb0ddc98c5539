import { createHash } from 'node:crypto';
import type { ApplicationRejectedV1, RejectedSubject, RejectionReasonV1 } from '@riskstream/contracts';
import type { BatchItem, RawKafkaMessage } from '@riskstream/messaging';

/** Rejections keep at most this much of the original payload inline (its size and sha256 are always kept). */
export const MAX_INLINE_PAYLOAD = 1024 * 1024;

export interface Rejection {
  event: ApplicationRejectedV1;
  item: BatchItem<RawKafkaMessage>;
}

export function buildRejection(
  topic: string,
  item: BatchItem<RawKafkaMessage>,
  subject: RejectedSubject,
  subjectId: string | null,
  customerId: string | null,
  reasons: RejectionReasonV1[],
): Rejection {
  const bytes = item.payload.value ?? Buffer.alloc(0);
  return {
    item,
    event: {
      subject,
      subjectId,
      customerId,
      sourceTopic: topic,
      sourcePartition: item.partition,
      sourceOffset: item.offset,
      sourceEventId: item.metadata.eventId,
      reasons,
      originalPayload: bytes.subarray(0, MAX_INLINE_PAYLOAD).toString('utf8'),
      originalPayloadBytes: bytes.length,
      originalPayloadSha256: createHash('sha256').update(bytes).digest('hex'),
      rejectedAt: new Date().toISOString(),
    },
  };
}

/** Best effort: an id field of a payload that failed validation, so its rejection can be found by that id. */
export function peekField(bytes: Buffer | null, field: string): string | null {
  if (!bytes || bytes.length > MAX_INLINE_PAYLOAD) return null;
  try {
    const parsed: unknown = JSON.parse(bytes.toString('utf8'));
    const value = (parsed as Record<string, unknown> | null)?.[field];
    return typeof value === 'string' && value.length > 0 && value.length <= 128 ? value : null;
  } catch {
    return null;
  }
}
