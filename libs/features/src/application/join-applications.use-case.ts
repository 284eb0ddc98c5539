import { Inject, Injectable } from '@nestjs/common';
import type { ApplicationValidatedV1 } from '@riskstream/contracts';
import type { BatchItem, KafkaBatchContext } from '@riskstream/messaging';
import { bulkInsert } from '@riskstream/persistence';
import { FeatureJoinService } from './feature-join.service.js';
import { FEATURES_SETTINGS, type FeaturesSettings } from './features.settings.js';
import { FeaturesMetrics } from './features-metrics.js';

/** Validated applications: joined at once when the bureau report is there, else parked until it comes. */
@Injectable()
export class JoinApplicationsUseCase {
  constructor(
    private readonly join: FeatureJoinService,
    private readonly metrics: FeaturesMetrics,
    @Inject(FEATURES_SETTINGS) private readonly settings: FeaturesSettings,
  ) {}

  async execute(items: BatchItem<ApplicationValidatedV1>[], ctx: KafkaBatchContext): Promise<void> {
    const { manager } = ctx;
    const customers = items.map((i) => i.payload.customerId);
    const reports = await this.join.lockAndReadReports(manager, customers);
    // Joined (or rejected) in memory first, so that each row is written once, with its final status; an
    // application whose report has not come yet is parked as PENDING until the report or the deadline.
    const ready = items.filter((i) => reports.has(i.payload.customerId));
    const outcomes = new Map(
      this.join
        .evaluate(
          ready.map((i) => ({ validated: i.payload, sourceEventId: i.metadata.eventId })),
          reports,
        )
        .map((o) => [o.applicationId, o]),
    );
    const deadline = new Date(Date.now() + this.settings.bureauGraceMs);
    const now = new Date();
    const inserted = new Set(
      (
        await bulkInsert<{ application_id: string }>(
          manager,
          'features.applications',
          [
            'application_id',
            'customer_id',
            'validated',
            'source_event_id',
            'status',
            'deadline',
            'bureau_status',
            'bureau_report_id',
            'completed_at',
          ],
          items.map((i) => {
            const o = outcomes.get(i.payload.applicationId);
            return [
              i.payload.applicationId,
              i.payload.customerId,
              // Kept only while the application waits for its report (see the migration).
              o ? null : i.payload,
              i.metadata.eventId,
              o ? (o.kind === 'computed' ? 'COMPUTED' : 'REJECTED') : 'PENDING',
              deadline,
              o?.kind === 'computed' ? o.bureauStatus : null,
              o?.kind === 'computed' ? o.bureauReportId : null,
              o ? now : null,
            ];
          }),
          {
            types: ['uuid', 'text', 'json', 'text', 'text', 'timestamptz', 'text', 'uuid', 'timestamptz'],
            onConflict: 'ON CONFLICT (application_id) DO NOTHING',
            optimistic: true,
            returning: ['application_id'],
          },
        )
      ).map((r) => r.application_id),
    );
    // An application id seen before (a re-delivered or re-published event) is not joined or emitted twice.
    const fresh = items.filter((i) => inserted.delete(i.payload.applicationId));
    const emitted = fresh.flatMap((i) => outcomes.get(i.payload.applicationId) ?? []);
    this.metrics.pending.inc(fresh.length - emitted.length);
    await this.join.emit(ctx.outbox, emitted);
  }
}
