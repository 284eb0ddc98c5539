import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  decodeEvent,
  LoanApplicationSubmittedV1,
  TOPICS,
  type ApplicationRejectedV1,
  type RejectionReasonV1,
} from '@riskstream/contracts';
import { canonicalJson, deterministicUuid, type KafkaEventContext, type RawKafkaMessage } from '@riskstream/messaging';
import { LoanApplicationEntity } from '../entities/loan-application.entity.js';
import { RejectedEventEntity } from '../entities/rejected-event.entity.js';
import { IngestionMetrics } from './ingestion-metrics.js';

export type RecordOutcome = 'accepted' | 'duplicate' | 'rejected';

/** Rejections keep at most this much of the original payload inline (its size and sha256 are always kept). */
const MAX_INLINE_PAYLOAD = 1024 * 1024;

/**
 * Records one submitted application exactly once. Runs inside the consumer's transaction: the application row,
 * the rejection row and the outbox event commit together with the inbox marker, or not at all.
 */
@Injectable()
export class RecordLoanApplicationUseCase {
  constructor(private readonly metrics: IngestionMetrics) {}

  async execute(message: RawKafkaMessage, ctx: KafkaEventContext): Promise<RecordOutcome> {
    const bytes = message.value ?? Buffer.alloc(0);
    const decoded = decodeEvent(LoanApplicationSubmittedV1, message.value);
    if (!decoded.ok) {
      const applicationId = this.peekApplicationId(bytes);
      return this.reject(ctx, bytes, applicationId, decoded.violations);
    }
    const application = decoded.value;
    const fingerprint = createHash('sha256').update(canonicalJson(application)).digest('hex');
    const repo = ctx.manager.getRepository(LoanApplicationEntity);
    const inserted = await repo
      .createQueryBuilder()
      .insert()
      .values({
        applicationId: application.applicationId,
        customerId: application.customerId,
        submittedAt: new Date(application.submittedAt),
        payload: application,
        payloadSha256: fingerprint,
        eventId: ctx.metadata.eventId,
        sourceTopic: ctx.topic,
        sourcePartition: ctx.partition,
        sourceOffset: ctx.offset,
      })
      .orIgnore()
      .returning(['applicationId'])
      .execute();
    if ((inserted.raw as unknown[]).length > 0) {
      this.metrics.applications.inc({ outcome: 'accepted' });
      return 'accepted';
    }
    // Same application id again: an identical re-submission is absorbed; a different payload is a conflict.
    const existing = await repo.findOneByOrFail({ applicationId: application.applicationId });
    if (existing.payloadSha256 === fingerprint) {
      this.metrics.applications.inc({ outcome: 'duplicate' });
      return 'duplicate';
    }
    return this.reject(ctx, bytes, application.applicationId, [
      {
        field: 'applicationId',
        rule: 'application_id.conflict',
        message: `application ${application.applicationId} was already submitted with different content (event ${existing.eventId})`,
        value: application.applicationId,
      },
    ]);
  }

  private async reject(
    ctx: KafkaEventContext,
    bytes: Buffer,
    applicationId: string | null,
    reasons: RejectionReasonV1[],
  ): Promise<RecordOutcome> {
    const sha = createHash('sha256').update(bytes).digest('hex');
    const rejection: ApplicationRejectedV1 = {
      subject: 'LOAN_APPLICATION',
      subjectId: applicationId,
      customerId: null,
      sourceTopic: ctx.topic,
      sourcePartition: ctx.partition,
      sourceOffset: ctx.offset,
      sourceEventId: ctx.metadata.eventId,
      reasons,
      originalPayload: bytes.subarray(0, MAX_INLINE_PAYLOAD).toString('utf8'),
      originalPayloadBytes: bytes.length,
      originalPayloadSha256: sha,
      rejectedAt: new Date().toISOString(),
    };
    await ctx.manager
      .getRepository(RejectedEventEntity)
      .createQueryBuilder()
      .insert()
      .values({
        sourceEventId: ctx.metadata.eventId,
        subject: rejection.subject,
        subjectId: applicationId,
        sourceTopic: ctx.topic,
        sourcePartition: ctx.partition,
        sourceOffset: ctx.offset,
        reasons,
        payloadBytes: bytes.length,
        payloadSha256: sha,
      })
      .orIgnore()
      .execute();
    await ctx.outbox.add(TOPICS.applicationRejected, rejection, {
      eventId: deterministicUuid(`rejected/${ctx.metadata.eventId}`),
      causationId: ctx.metadata.eventId,
      correlationId: applicationId ?? undefined,
    });
    this.metrics.applications.inc({ outcome: 'rejected' });
    for (const reason of reasons) this.metrics.rejectionReasons.inc({ rule: reason.rule });
    return 'rejected';
  }

  /** Best effort: the id of an application whose payload is invalid, so its rejection can be found by id. */
  private peekApplicationId(bytes: Buffer): string | null {
    if (bytes.length > MAX_INLINE_PAYLOAD) return null;
    try {
      const parsed: unknown = JSON.parse(bytes.toString('utf8'));
      const id = (parsed as { applicationId?: unknown } | null)?.applicationId;
      return typeof id === 'string' && id.length > 0 && id.length <= 128 ? id : null;
    } catch {
      return null;
    }
  }
}
