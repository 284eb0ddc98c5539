import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { decodeEvent, ModelLifecycleV1, TOPICS } from '@riskstream/contracts';
import { KAFKA } from '@riskstream/messaging';
import { LOGGER } from '@riskstream/observability';
import type { Consumer, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { ModelProvider } from './model.provider.js';

/** Actions that change which version is in production. */
const PRODUCTION_CHANGES = new Set(['PROMOTED', 'ROLLED_BACK']);

/**
 * Follows the model registry while the service runs: every instance reads models.lifecycle.changed.v1 in a consumer
 * group of its own (each instance must see every change; from the latest offset, nothing committed), and a
 * promotion or rollback of our model makes the provider ask the registry for the production version. The event is
 * only a trigger, the registry is the truth: late or repeated events cannot select a wrong version. A low-frequency
 * poll of the registry covers an event missed while Kafka or this consumer was down.
 */
@Injectable()
export class ModelLifecycleWatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private consumer: Consumer | undefined;
  private poll: NodeJS.Timeout | undefined;
  private stopped = false;
  readonly groupId = `scoring-model-watch-${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;

  constructor(
    private readonly models: ModelProvider,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    const registry = this.models.registrySettings;
    if (!registry) return;
    this.poll = setInterval(() => void this.models.sync('poll'), registry.pollIntervalMs);
    this.poll.unref();
    void this.startConsumer(registry.modelName);
  }

  private async startConsumer(modelName: string): Promise<void> {
    for (let attempt = 1; !this.stopped; attempt++) {
      const consumer = this.kafka.consumer({
        groupId: this.groupId,
        allowAutoTopicCreation: false,
        sessionTimeout: 10_000,
        heartbeatInterval: 3_000,
      });
      try {
        // Joining happens after the boot-time check: a change made in between is caught by this extra sync.
        consumer.on(consumer.events.GROUP_JOIN, () => void this.models.sync('watch-joined'));
        // kafkajs restarts itself after retriable errors; after any other crash, start over (the poll covers meanwhile).
        consumer.on(consumer.events.CRASH, ({ payload }) => {
          this.logger.warn(
            { err: payload.error, restart: payload.restart },
            'model lifecycle consumer crashed',
          );
          if (payload.restart || this.stopped || this.consumer !== consumer) return;
          this.consumer = undefined;
          void consumer
            .disconnect()
            .catch(() => undefined)
            .then(() => this.startConsumer(modelName));
        });
        await consumer.connect();
        await consumer.subscribe({ topics: [TOPICS.modelLifecycle.name], fromBeginning: false });
        await consumer.run({
          autoCommit: false,
          eachMessage: async ({ message }) => {
            const decoded = decodeEvent(ModelLifecycleV1, message.value);
            if (!decoded.ok) {
              this.logger.warn(
                { violations: decoded.violations },
                'ignoring an invalid model lifecycle event',
              );
              return;
            }
            const event = decoded.value;
            if (event.modelName !== modelName || !PRODUCTION_CHANGES.has(event.action)) return;
            this.logger.info(
              { modelName, action: event.action, modelVersion: event.modelVersion, actor: event.actor },
              'production model changed in the registry',
            );
            // Not awaited: loading a bundle may outlast the session timeout, and nothing is committed anyway.
            void this.models.sync(`event:${event.action}`);
          },
        });
        this.consumer = consumer;
        if (this.stopped) await consumer.disconnect();
        else this.logger.info({ group: this.groupId }, 'following model lifecycle events');
        return;
      } catch (error) {
        await consumer.disconnect().catch(() => undefined);
        this.logger.warn({ err: error, attempt }, 'cannot follow model lifecycle events yet; retrying');
        await new Promise((r) => setTimeout(r, Math.min(1_000 * attempt, 10_000)));
      }
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.poll) clearInterval(this.poll);
    // A consumer still connecting sees `stopped` and disconnects itself.
    await this.consumer?.disconnect();
  }
}
