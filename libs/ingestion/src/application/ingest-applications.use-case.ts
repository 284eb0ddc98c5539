import { hash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  decodeEvent,
  LoanApplicationSubmittedV1,
  TOPICS,
  type ApplicationValidatedV1,
} from '@riskstream/contracts';
import {
  APPLICATION_FEATURES,
  computeFeatures,
  evaluateRules,
  toApplicationRecord,
  VALIDATION_RULES_VERSION,
} from '@riskstream/feature-spec';
import {
  canonicalJson,
  deterministicUuid,
  type BatchItem,
  type KafkaBatchContext,
  type RawKafkaMessage,
} from '@riskstream/messaging';
import { bulkInsert } from '@riskstream/persistence';
import { DataQualityReference } from '@riskstream/data-quality';
import { IngestionMetrics } from './ingestion-metrics.js';
import { RejectionRecorder } from './rejection.recorder.js';
import { buildRejection, peekField, type Rejection } from './rejections.js';

interface Candidate {
  item: BatchItem<RawKafkaMessage>;
  application: LoanApplicationSubmittedV1;
  fingerprint: string;
  validated: ApplicationValidatedV1;
}

/**
 * Validates a micro-batch of submitted applications (contract schema, then the shared validation rules that
 * the training pipeline's cleaning also applies), records each application id once, and emits — through the
 * outbox, in the consumer's transaction — one validated or one rejected event per input event.
 */
@Injectable()
export class IngestApplicationsUseCase {
  constructor(
    private readonly metrics: IngestionMetrics,
    private readonly rejections: RejectionRecorder,
    private readonly dataQuality: DataQualityReference,
  ) {}

  async execute(items: BatchItem<RawKafkaMessage>[], ctx: KafkaBatchContext): Promise<void> {
    const rejected: Rejection[] = [];
    const candidates: Candidate[] = [];
    const now = new Date().toISOString();
    // One reference per batch, even if a promotion switches it meanwhile.
    const dataQuality = this.dataQuality.current;
    for (const item of items) {
      const decoded = decodeEvent(LoanApplicationSubmittedV1, item.payload.value);
      if (!decoded.ok) {
        const id = peekField(item.payload.value, 'applicationId');
        rejected.push(
          buildRejection(
            ctx.topic,
            item,
            'LOAN_APPLICATION',
            id,
            peekField(item.payload.value, 'customerId'),
            decoded.violations,
          ),
        );
        continue;
      }
      const application = decoded.value;
      const record = toApplicationRecord(application, null);
      const rules = evaluateRules(record);
      if (rules.violations.length > 0) {
        rejected.push(
          buildRejection(
            ctx.topic,
            item,
            'LOAN_APPLICATION',
            application.applicationId,
            application.customerId,
            rules.violations,
          ),
        );
        continue;
      }
      // Only what the application alone decides: its bureau report is joined later, by features.
      const flags = dataQuality.flags(computeFeatures(record), APPLICATION_FEATURES);
      candidates.push({
        item,
        application,
        fingerprint: hash('sha256', canonicalJson(application), 'hex'),
        validated: {
          applicationId: application.applicationId,
          customerId: application.customerId,
          application,
          repairs: rules.repairs,
          dataQualityFlags: flags,
          rulesVersion: VALIDATION_RULES_VERSION,
          validatedAt: now,
        },
      });
    }

    const inserted = new Set(
      (
        await bulkInsert<{ application_id: string }>(
          ctx.manager,
          'ingestion.loan_applications',
          [
            'application_id',
            'customer_id',
            'submitted_at',
            'payload',
            'payload_sha256',
            'event_id',
            'source_topic',
            'source_partition',
            'source_offset',
          ],
          candidates.map((c) => [
            c.application.applicationId,
            c.application.customerId,
            c.application.submittedAt,
            c.application,
            c.fingerprint,
            c.item.metadata.eventId,
            ctx.topic,
            c.item.partition,
            c.item.offset,
          ]),
          {
            types: ['uuid', 'text', 'timestamptz', 'json', 'text', 'text', 'text', 'int', 'bigint'],
            onConflict: 'ON CONFLICT (application_id) DO NOTHING',
            optimistic: true,
            returning: ['application_id'],
          },
        )
      ).map((r) => r.application_id),
    );

    // Each application id is accepted once: by the first event that carried it, in this batch or before.
    const accepted: Candidate[] = [];
    const again: Candidate[] = [];
    for (const c of candidates) {
      if (inserted.delete(c.application.applicationId)) accepted.push(c);
      else again.push(c);
    }
    if (again.length > 0) {
      const existing = new Map(
        (
          (await ctx.manager.query(
            'SELECT application_id, payload_sha256, event_id FROM ingestion.loan_applications WHERE application_id = ANY($1::uuid[])',
            [again.map((c) => c.application.applicationId)],
          )) as { application_id: string; payload_sha256: string; event_id: string }[]
        ).map((r) => [r.application_id, r]),
      );
      for (const c of again) {
        const first = existing.get(c.application.applicationId);
        if (first && first.payload_sha256 === c.fingerprint) {
          this.metrics.applications.inc({ outcome: 'duplicate' });
          continue;
        }
        rejected.push(
          buildRejection(
            ctx.topic,
            c.item,
            'LOAN_APPLICATION',
            c.application.applicationId,
            c.application.customerId,
            [
              {
                field: 'applicationId',
                rule: 'application_id.conflict',
                message: `application ${c.application.applicationId} was already submitted with different content (event ${first?.event_id ?? 'unknown'})`,
                value: c.application.applicationId,
              },
            ],
          ),
        );
      }
    }

    await ctx.outbox.addMany(
      TOPICS.applicationValidated,
      accepted.map((c) => c.validated),
      (event, i) => ({
        eventId: deterministicUuid(`validated/${event.applicationId}`),
        causationId: accepted[i]!.item.metadata.eventId,
        correlationId: event.applicationId,
      }),
    );
    await this.rejections.record(ctx, rejected);
    this.metrics.applications.inc({ outcome: 'accepted' }, accepted.length);
    if (rejected.length) this.metrics.applications.inc({ outcome: 'rejected' }, rejected.length);
    for (const c of accepted) this.metrics.dataQualityFlags.count(c.validated.dataQualityFlags);
  }
}
