import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import { decodeEvent, ModelLifecycleV1, TOPICS } from '@riskstream/contracts';
import type { MessagingLogger } from '@riskstream/messaging';
import type { Consumer, Kafka } from 'kafkajs';

/** Actions that change which version is in production. */
const PRODUCTION_CHANGES: ReadonlySet<string> = new Set(['PROMOTED', 'ROLLED_BACK']);

export interface ProductionModelWatcherOptions {
  kafka: Kafka;
  /** The model followed: lifecycle events of other models are ignored. */
  modelName: string;
  /** The safety poll: covers an event missed while Kafka or this consumer was down. */
  pollIntervalMs: number;
  /**
   * Asks the registry for the production version again. The event is only a trigger, the registry is the truth:
   * late or repeated events cannot select a wrong version. Must not throw (failures are the caller's to log).
   */
  sync: (reason: string) => unknown;
  logger: Pick<MessagingLogger, 'info' | 'warn'>;
  /** Prefix of the consumer group (one group per instance): names the service in the broker's group list. */
  groupPrefix: string;
}

/**
 * Follows the registry's production version of one model while a service runs. Every instance reads
 * models.lifecycle.changed.v1 in a consumer group of its own (each instance must see every change; from the latest
 * offset, nothing committed), and a promotion or rollback of the model calls `sync`. A low-frequency poll calls it
 * too. Used by scoring (the model it serves), ingestion and features (the reference distributions they check against).
 */
export class ProductionModelWatcher {
  readonly groupId: string;
  private consumer: Consumer | undefined;
  private poll: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: ProductionModelWatcherOptions) {
    this.groupId = `${options.groupPrefix}-${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  }

  /** Starts the poll and, in the background, the consumer (retried until it joins or the watcher stops). */
  start(): void {
    this.poll = setInterval(() => void this.options.sync('poll'), this.options.pollIntervalMs);
    this.poll.unref();
    void this.startConsumer();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.poll) clearInterval(this.poll);
    // A consumer still connecting sees `stopped` and disconnects itself.
    await this.consumer?.disconnect();
  }

  private async startConsumer(): Promise<void> {
    const { kafka, modelName, sync, logger } = this.options;
    for (let attempt = 1; !this.stopped; attempt++) {
      const consumer = kafka.consumer({
        groupId: this.groupId,
        allowAutoTopicCreation: false,
        sessionTimeout: 10_000,
        heartbeatInterval: 3_000,
      });
      try {
        // Joining happens after the caller's boot-time check: a change made in between is caught by this sync.
        consumer.on(consumer.events.GROUP_JOIN, () => void sync('watch-joined'));
        // kafkajs restarts itself after retriable errors; after any other crash, start over (the poll covers meanwhile).
        consumer.on(consumer.events.CRASH, ({ payload }) => {
          logger.warn({ err: payload.error, restart: payload.restart }, 'model lifecycle consumer crashed');
          if (payload.restart || this.stopped || this.consumer !== consumer) return;
          this.consumer = undefined;
          void consumer
            .disconnect()
            .catch(() => undefined)
            .then(() => this.startConsumer());
        });
        await consumer.connect();
        await consumer.subscribe({ topics: [TOPICS.modelLifecycle.name], fromBeginning: false });
        await consumer.run({
          autoCommit: false,
          eachMessage: async ({ message }) => {
            const decoded = decodeEvent(ModelLifecycleV1, message.value);
            if (!decoded.ok) {
              logger.warn({ violations: decoded.violations }, 'ignoring an invalid model lifecycle event');
              return;
            }
            const event = decoded.value;
            if (event.modelName !== modelName || !PRODUCTION_CHANGES.has(event.action)) return;
            logger.info(
              { modelName, action: event.action, modelVersion: event.modelVersion, actor: event.actor },
              'production model changed in the registry',
            );
            // Not awaited: loading a bundle may outlast the session timeout, and nothing is committed anyway.
            void sync(`event:${event.action}`);
          },
        });
        this.consumer = consumer;
        if (this.stopped) await consumer.disconnect();
        else logger.info({ group: this.groupId, modelName }, 'following model lifecycle events');
        return;
      } catch (error) {
        await consumer.disconnect().catch(() => undefined);
        logger.warn({ err: error, attempt }, 'cannot follow model lifecycle events yet; retrying');
        await new Promise((r) => setTimeout(r, Math.min(1_000 * attempt, 10_000)));
      }
    }
  }
}

/**
 * A Nest provider that runs a ProductionModelWatcher from bootstrap to shutdown: subclasses say what to follow and
 * what to do on a change, or return undefined when no registry is configured.
 */
export abstract class ProductionModelWatcherService
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  private watcher: ProductionModelWatcher | undefined;

  protected abstract watcherOptions(): ProductionModelWatcherOptions | undefined;

  onApplicationBootstrap(): void {
    const options = this.watcherOptions();
    if (!options) return;
    this.watcher = new ProductionModelWatcher(options);
    this.watcher.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.watcher?.stop();
  }
}
