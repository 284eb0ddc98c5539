import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { ApplicationValidatedV1 } from '@riskstream/contracts';
import { EventPublisher, KafkaEventServer, Outbox } from '@riskstream/messaging';
import { LOGGER } from '@riskstream/observability';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { FeatureJoinService } from './feature-join.service.js';
import { FEATURES_SETTINGS, type FeaturesSettings } from './features.settings.js';

/**
 * Applications whose bureau report did not come within the grace period are computed without it (and the
 * event says so). Runs in every instance; SKIP LOCKED and the per-customer locks keep instances apart.
 */
@Injectable()
export class BureauGraceSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: EventPublisher,
    private readonly server: KafkaEventServer,
    private readonly join: FeatureJoinService,
    @Inject(FEATURES_SETTINGS) private readonly settings: FeaturesSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.sweep()
        .then(() => undefined)
        .catch((error: unknown) => this.logger.error({ err: error }, 'bureau grace sweep failed; will retry'))
        .finally(() => (this.running = undefined));
    }, this.settings.sweepIntervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Completes expired waits; returns how many. */
  async sweep(limit = 500): Promise<number> {
    const due = (await this.dataSource.query(
      `SELECT DISTINCT customer_id FROM features.applications WHERE status = 'PENDING' AND deadline <= now() LIMIT $1`,
      [limit],
    )) as { customer_id: string }[];
    if (due.length === 0) return 0;
    let outbox: Outbox | undefined;
    let count = 0;
    await this.dataSource.transaction(async (manager) => {
      const customers = due.map((d) => d.customer_id);
      await this.join.lockCustomers(manager, customers);
      const expired = (await manager.query(
        `SELECT validated, source_event_id, received_at FROM features.applications
          WHERE status = 'PENDING' AND deadline <= now() AND customer_id = ANY($1::text[]) FOR UPDATE SKIP LOCKED`,
        [customers],
      )) as { validated: ApplicationValidatedV1; source_event_id: string; received_at: Date }[];
      // The report may have arrived meanwhile: then it is a normal join after all.
      const reports = await this.join.latestReports(manager, customers);
      outbox = new Outbox(manager, this.publisher, 'features');
      await this.join.complete(
        manager,
        outbox,
        expired.map((e) => ({
          validated: e.validated,
          sourceEventId: e.source_event_id,
          receivedAt: e.received_at,
        })),
        reports,
      );
      count = expired.length;
    });
    if (outbox) await this.server.outboxRelay?.publishCommitted(outbox);
    return count;
  }
}
