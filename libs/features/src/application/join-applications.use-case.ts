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
    await this.join.lockCustomers(
      manager,
      items.map((i) => i.payload.customerId),
    );
    const deadline = new Date(Date.now() + this.settings.bureauGraceMs);
    const inserted = new Set(
      (
        await bulkInsert<{ application_id: string }>(
          manager,
          'features.applications',
          ['application_id', 'customer_id', 'validated', 'source_event_id', 'status', 'deadline'],
          items.map((i) => [
            i.payload.applicationId,
            i.payload.customerId,
            JSON.stringify(i.payload),
            i.metadata.eventId,
            'PENDING',
            deadline,
          ]),
          { onConflict: 'ON CONFLICT (application_id) DO NOTHING', returning: ['application_id'] },
        )
      ).map((r) => r.application_id),
    );
    // A validated application id seen before (a re-published event with a new id) is not joined twice.
    const fresh = items.filter((i) => inserted.delete(i.payload.applicationId));
    const reports = await this.join.latestReports(
      manager,
      fresh.map((i) => i.payload.customerId),
    );
    const ready = fresh.filter((i) => reports.has(i.payload.customerId));
    this.metrics.pending.inc(fresh.length - ready.length);
    await this.join.complete(
      manager,
      ctx.outbox,
      ready.map((i) => ({ validated: i.payload, sourceEventId: i.metadata.eventId })),
      reports,
    );
  }
}
