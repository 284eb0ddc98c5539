import { Inject, Injectable } from '@nestjs/common';
import { KAFKA } from '@riskstream/messaging';
import {
  ProductionModelWatcherService,
  type ProductionModelWatcherOptions,
} from '@riskstream/model-registry-client';
import { LOGGER } from '@riskstream/observability';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { ModelProvider } from './model.provider.js';

/**
 * Follows the model registry while the service runs: a promotion or rollback of our model (a lifecycle event, or
 * the safety poll) makes the provider ask the registry for the production version and switch to it.
 */
@Injectable()
export class ModelLifecycleWatcher extends ProductionModelWatcherService {
  constructor(
    private readonly models: ModelProvider,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    super();
  }

  protected watcherOptions(): ProductionModelWatcherOptions | undefined {
    const registry = this.models.registrySettings;
    if (!registry) return undefined;
    return {
      kafka: this.kafka,
      modelName: registry.modelName,
      pollIntervalMs: registry.pollIntervalMs,
      sync: (reason) => this.models.sync(reason),
      logger: this.logger,
      groupPrefix: 'scoring-model-watch',
    };
  }
}
