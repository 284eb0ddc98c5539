import { Injectable } from '@nestjs/common';
import { TOPICS } from '@riskstream/contracts';
import { deterministicUuid, type KafkaBatchContext } from '@riskstream/messaging';
import { bulkInsert } from '@riskstream/persistence';
import { IngestionMetrics } from './ingestion-metrics.js';
import type { Rejection } from './rejections.js';

/** Writes rejections to ingestion.rejected_events and, through the outbox, to the rejected topic. */
@Injectable()
export class RejectionRecorder {
  constructor(private readonly metrics: IngestionMetrics) {}

  async record(ctx: KafkaBatchContext, rejections: Rejection[]): Promise<void> {
    if (rejections.length === 0) return;
    // Keyed by the source event id: a re-delivered or re-sent event that was already rejected is not
    // rejected (published) again.
    const inserted = new Set(
      (
        await bulkInsert<{ source_event_id: string }>(
          ctx.manager,
          'ingestion.rejected_events',
          [
            'source_event_id',
            'subject',
            'subject_id',
            'source_topic',
            'source_partition',
            'source_offset',
            'reasons',
            'payload_bytes',
            'payload_sha256',
          ],
          rejections.map(({ event }) => [
            event.sourceEventId,
            event.subject,
            event.subjectId ?? null,
            event.sourceTopic,
            event.sourcePartition,
            event.sourceOffset,
            event.reasons,
            event.originalPayloadBytes,
            event.originalPayloadSha256,
          ]),
          {
            types: ['text', 'text', 'text', 'text', 'int', 'bigint', 'jsonb', 'int', 'text'],
            onConflict: 'ON CONFLICT (source_event_id) DO NOTHING',
            returning: ['source_event_id'],
          },
        )
      ).map((r) => r.source_event_id),
    );
    const fresh = rejections.filter((r) => inserted.delete(r.event.sourceEventId));
    await ctx.outbox.addMany(
      TOPICS.applicationRejected,
      fresh.map((r) => r.event),
      (event) => ({
        eventId: deterministicUuid(`rejected/${event.sourceEventId}`),
        causationId: event.sourceEventId,
        correlationId: event.subjectId ?? undefined,
      }),
    );
    for (const { event } of fresh) {
      this.metrics.rejected.inc({ subject: event.subject });
      for (const reason of event.reasons)
        this.metrics.rejectionReasons.inc({ subject: event.subject, rule: reason.rule });
    }
  }
}
