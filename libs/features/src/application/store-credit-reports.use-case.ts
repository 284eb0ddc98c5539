import { Injectable } from '@nestjs/common';
import type { ApplicationValidatedV1, CreditReportValidatedV1 } from '@riskstream/contracts';
import type { BatchItem, KafkaBatchContext } from '@riskstream/messaging';
import { binaryColumns, queryAll } from '@riskstream/persistence';
import { FeatureJoinService, reportFromEvent } from './feature-join.service.js';

/** Keeps the latest report per customer and releases the applications that were waiting for it. */
@Injectable()
export class StoreCreditReportsUseCase {
  constructor(private readonly join: FeatureJoinService) {}

  async execute(items: BatchItem<CreditReportValidatedV1>[], ctx: KafkaBatchContext): Promise<void> {
    const { manager } = ctx;
    const reports = items.map((i) => i.payload);
    // Latest by reportedAt wins, whatever order the reports arrive in.
    const latest = new Map<string, CreditReportValidatedV1>();
    for (const r of reports) {
      const seen = latest.get(r.customerId);
      if (!seen || seen.reportedAt < r.reportedAt) latest.set(r.customerId, r);
    }
    const rows = [...latest.values()];
    // One round trip: the customers' locks, then (run by the server once the locks are granted) the upsert and
    // the applications of these customers that were waiting for a report.
    const [, pending] = await queryAll(manager, [
      this.join.lockStatement(reports.map((r) => r.customerId)),
      {
        sql: `WITH stored AS (
         INSERT INTO features.credit_reports (customer_id, report_id, reported_at, prior_default_on_file, credit_history_length_years, data_quality_flags)
         SELECT c, r, t::timestamptz, p, h, f FROM unnest($1::text[], $2::uuid[], $3::text[], $4::bool[], $5::int4[], $6::json[]) AS u(c, r, t, p, h, f)
         ON CONFLICT (customer_id) DO UPDATE SET report_id = EXCLUDED.report_id, reported_at = EXCLUDED.reported_at,
           prior_default_on_file = EXCLUDED.prior_default_on_file,
           credit_history_length_years = EXCLUDED.credit_history_length_years,
           data_quality_flags = EXCLUDED.data_quality_flags, updated_at = now()
         WHERE features.credit_reports.reported_at <= EXCLUDED.reported_at)
       SELECT application_id, validated, source_event_id, received_at FROM features.applications
        WHERE status = 'PENDING' AND customer_id = ANY($1::text[]) FOR UPDATE`,
        // Binary arrays (see binaryArray): nothing for the server to parse; the timestamp goes as its text.
        parameters: binaryColumns(rows, [
          ['text', (r) => r.customerId],
          ['uuid', (r) => r.reportId],
          ['text', (r) => r.reportedAt],
          ['bool', (r) => r.priorDefaultOnFile],
          ['int4', (r) => r.creditHistoryLengthYears],
          ['json', (r) => (r.dataQualityFlags?.length ? r.dataQualityFlags : null)],
        ]),
      },
    ]);
    const waiting = pending as unknown as {
      validated: ApplicationValidatedV1;
      source_event_id: string;
      received_at: Date;
    }[];
    if (waiting.length === 0) return;
    const stored = await this.join.latestReports(
      manager,
      rows.map((r) => r.customerId),
    );
    for (const r of rows) if (!stored.has(r.customerId)) stored.set(r.customerId, reportFromEvent(r));
    await this.join.complete(
      manager,
      ctx.outbox,
      waiting.map((w) => ({
        validated: w.validated,
        sourceEventId: w.source_event_id,
        receivedAt: w.received_at,
      })),
      stored,
    );
  }
}
