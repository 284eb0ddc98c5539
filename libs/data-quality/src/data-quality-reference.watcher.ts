import { Inject, Injectable } from '@nestjs/common';
import { KAFKA } from '@riskstream/messaging';
import {
  ProductionModelWatcherService,
  type ProductionModelWatcherOptions,
} from '@riskstream/model-registry-client';
import { LOGGER } from '@riskstream/observability';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { DATA_QUALITY_SETTINGS, type DataQualitySettings } from './data-quality.settings.js';
import { DataQualityReference } from './data-quality.reference.js';

/**
 * Keeps the data-quality reference on the registry's production model while the service runs: a promotion or
 * rollback (its lifecycle event, or the safety poll) refreshes it, so the flags follow the model scoring serves
 * within moments, as scoring's own watcher does.
 */
@Injectable()
export class DataQualityReferenceWatcher extends ProductionModelWatcherService {
  constructor(
    private readonly reference: DataQualityReference,
    @Inject(DATA_QUALITY_SETTINGS) private readonly settings: DataQualitySettings,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    super();
  }

  protected watcherOptions(): ProductionModelWatcherOptions | undefined {
    const registry = this.settings.registry;
    if (!registry) return undefined;
    return {
      kafka: this.kafka,
      modelName: registry.modelName,
      pollIntervalMs: registry.pollIntervalMs,
      sync: () => this.reference.refresh(),
      logger: this.logger,
      groupPrefix: `${this.settings.serviceName}-model-watch`,
    };
  }
}
