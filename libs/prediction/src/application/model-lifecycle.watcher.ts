import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { KAFKA } from '@riskstream/messaging';
import { ProductionModelWatcher } from '@riskstream/model-registry-client';
import { LOGGER } from '@riskstream/observability';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { ModelProvider } from './model.provider.js';

/**
 * Follows the model registry while the service runs: a promotion or rollback of our model (a lifecycle event, or
 * the safety poll) makes the provider ask the registry for the production version and switch to it.
 */
@Injectable()
export class ModelLifecycleWatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private watcher: ProductionModelWatcher | undefined;

  constructor(
    private readonly models: ModelProvider,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    const registry = this.models.registrySettings;
    if (!registry) return;
    this.watcher = new ProductionModelWatcher({
      kafka: this.kafka,
      modelName: registry.modelName,
      pollIntervalMs: registry.pollIntervalMs,
      sync: (reason) => this.models.sync(reason),
      logger: this.logger,
      groupPrefix: 'scoring-model-watch',
    });
    this.watcher.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.watcher?.stop();
  }
}
