import {
  Global,
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { BaseServiceConfig } from '@riskstream/config';
import { LOGGER, MetricsRegistry, ReadinessRegistry } from '@riskstream/observability';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { KafkaEventServer } from './consumer/kafka-event.server.js';
import { MessagingMetrics } from './consumer/messaging-metrics.js';
import { createKafka } from './kafka-client.factory.js';
import { EventPublisher } from './producer/event-publisher.js';

export const KAFKA = Symbol('KAFKA');
export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

export interface MessagingModuleOptions {
  serviceName: string;
  /** Consumer group; defaults to `riskstream.<serviceName>`. */
  consumerGroup?: string;
}

/** Connects the producer at start (retrying in the background) and reports Kafka to readiness. */
@Injectable()
export class MessagingLifecycle implements OnModuleInit, OnApplicationShutdown {
  private stopping = false;

  constructor(
    private readonly publisher: EventPublisher,
    private readonly server: KafkaEventServer,
    private readonly readiness: ReadinessRegistry,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.readiness.register('kafka', async () => {
      if (!this.publisher.isConnected) throw new Error('kafka producer is not connected');
      if (!this.server.healthy) throw new Error('kafka consumer has not joined its group or has crashed');
    });
    void this.connectWithRetry();
  }

  private async connectWithRetry(): Promise<void> {
    for (let attempt = 1; !this.stopping; attempt++) {
      try {
        await this.publisher.connect();
        return;
      } catch (error) {
        this.logger.warn({ err: error, attempt }, 'kafka producer cannot connect yet; retrying');
        await new Promise((r) => setTimeout(r, Math.min(500 * attempt, 5_000)));
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.publisher.disconnect();
  }
}

@Global()
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingModuleOptions): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        {
          provide: KAFKA,
          inject: [BaseServiceConfig, LOGGER],
          useFactory: (config: BaseServiceConfig, logger: Logger): Kafka =>
            createKafka({
              clientId: config.KAFKA_CLIENT_ID ?? `riskstream-${options.serviceName}`,
              brokers: config.KAFKA_BROKERS,
              ssl: config.KAFKA_SSL,
              sasl:
                config.KAFKA_SASL_MECHANISM && config.KAFKA_SASL_USERNAME && config.KAFKA_SASL_PASSWORD
                  ? {
                      mechanism: config.KAFKA_SASL_MECHANISM,
                      username: config.KAFKA_SASL_USERNAME,
                      password: config.KAFKA_SASL_PASSWORD,
                    }
                  : undefined,
              log: (level, message, extra) => logger[level](extra, message),
            }),
        },
        {
          provide: EventPublisher,
          inject: [KAFKA],
          useFactory: (kafka: Kafka) => new EventPublisher(kafka, options.serviceName),
        },
        {
          provide: MessagingMetrics,
          inject: [MetricsRegistry],
          useFactory: (registry: MetricsRegistry) => new MessagingMetrics(registry.registry),
        },
        {
          provide: KafkaEventServer,
          inject: [KAFKA, EventPublisher, DataSource, LOGGER, MessagingMetrics, BaseServiceConfig],
          useFactory: (
            kafka: Kafka,
            publisher: EventPublisher,
            dataSource: DataSource,
            logger: Logger,
            metrics: MessagingMetrics,
            config: BaseServiceConfig,
          ) =>
            new KafkaEventServer({
              kafka,
              groupId: options.consumerGroup ?? `riskstream.${options.serviceName}`,
              publisher,
              dataSource,
              logger,
              metrics,
              sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
              rebalanceTimeoutMs: config.KAFKA_REBALANCE_TIMEOUT_MS,
              maxBatchSize: config.KAFKA_MAX_BATCH_SIZE,
              inboxRetentionDays: config.INBOX_RETENTION_DAYS,
              partitionsConsumedConcurrently: config.KAFKA_PARTITIONS_CONCURRENCY,
            }),
        },
        MessagingLifecycle,
      ],
      exports: [KAFKA, EventPublisher, KafkaEventServer, MessagingMetrics, MESSAGING_OPTIONS],
    };
  }
}
