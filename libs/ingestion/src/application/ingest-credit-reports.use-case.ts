import { Injectable } from '@nestjs/common';
import { CreditBureauReportReceivedV1, decodeEvent, TOPICS, type Violation } from '@riskstream/contracts';
import { BUREAU_FEATURES, computeBureauFeatures, VALIDATION_RULES } from '@riskstream/feature-spec';
import {
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

// Single-field rules of the shared rule set that apply to a report on its own. Rules that compare the report
// with the applicant (credit history longer than adult life) are applied by features, where both are known.
const REPORT_RULES = VALIDATION_RULES.filter(
  (r) => r.field === 'creditHistoryLengthYears' && r.check === 'range' && r.action === 'reject',
);

function reportViolations(report: CreditBureauReportReceivedV1): Violation[] {
  const out: Violation[] = [];
  for (const rule of REPORT_RULES) {
    const v = report.creditHistoryLengthYears;
    if ((rule.min !== undefined && v < rule.min) || (rule.max !== undefined && v > rule.max)) {
      out.push({ field: 'creditHistoryLengthYears', rule: rule.id, message: rule.message, value: v });
    }
  }
  return out;
}

/** Validates bureau reports and passes each report id on once, with its values outside the model's training ranges. */
@Injectable()
export class IngestCreditReportsUseCase {
  constructor(
    private readonly metrics: IngestionMetrics,
    private readonly rejections: RejectionRecorder,
    private readonly dataQuality: DataQualityReference,
  ) {}

  async execute(items: BatchItem<RawKafkaMessage>[], ctx: KafkaBatchContext): Promise<void> {
    const rejected: Rejection[] = [];
    const valid: { item: BatchItem<RawKafkaMessage>; report: CreditBureauReportReceivedV1 }[] = [];
    for (const item of items) {
      const decoded = decodeEvent(CreditBureauReportReceivedV1, item.payload.value);
      const violations = decoded.ok ? reportViolations(decoded.value) : decoded.violations;
      if (!decoded.ok || violations.length > 0) {
        const id = decoded.ok ? decoded.value.reportId : peekField(item.payload.value, 'reportId');
        const customer = decoded.ok ? decoded.value.customerId : peekField(item.payload.value, 'customerId');
        rejected.push(buildRejection(ctx.topic, item, 'CREDIT_BUREAU_REPORT', id, customer, violations));
        continue;
      }
      valid.push({ item, report: decoded.value });
    }
    const inserted = new Set(
      (
        await bulkInsert<{ report_id: string }>(
          ctx.manager,
          'ingestion.credit_reports',
          ['report_id', 'customer_id', 'reported_at', 'payload', 'event_id'],
          valid.map(({ item, report }) => [
            report.reportId,
            report.customerId,
            report.reportedAt,
            report,
            item.metadata.eventId,
          ]),
          {
            types: ['uuid', 'text', 'timestamptz', 'json', 'text'],
            onConflict: 'ON CONFLICT (report_id) DO NOTHING',
            optimistic: true,
            returning: ['report_id'],
          },
        )
      ).map((r) => r.report_id),
    );
    const accepted = valid.filter((v) => inserted.delete(v.report.reportId));
    // A report's own values against the production model's training ranges: flagged on its validated event and
    // counted, not rejected. (History against age needs the applicant too: features joins them.)
    const profile = this.dataQuality.current;
    const events = accepted.map(({ report }) => ({
      ...report,
      dataQualityFlags: profile.flags(computeBureauFeatures(report), BUREAU_FEATURES),
    }));
    await ctx.outbox.addMany(TOPICS.creditBureauReportValidated, events, (report, i) => ({
      eventId: deterministicUuid(`validated-report/${report.reportId}`),
      causationId: accepted[i]!.item.metadata.eventId,
    }));
    await this.rejections.record(ctx, rejected);
    this.metrics.creditReports.inc({ outcome: 'accepted' }, accepted.length);
    if (valid.length > accepted.length)
      this.metrics.creditReports.inc({ outcome: 'duplicate' }, valid.length - accepted.length);
    if (rejected.length) this.metrics.creditReports.inc({ outcome: 'rejected' }, rejected.length);
    for (const event of events) this.metrics.dataQualityFlags.count(event.dataQualityFlags);
  }
}
