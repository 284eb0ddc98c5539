import { Module, type DynamicModule } from '@nestjs/common';
import { BaseServiceConfig, ConfigModule } from '@riskstream/config';
import { MessagingModule } from '@riskstream/messaging';
import { HealthModule, LoggingModule, MetricsModule } from '@riskstream/observability';
import { DatabaseModule } from '@riskstream/persistence';
import type { DataSource } from 'typeorm';

export interface PlatformModuleOptions {
  serviceName: string;
  /** The app's validated config class (a BaseServiceConfig subclass). */
  config: new () => BaseServiceConfig;
  /** The app's DataSource, exported by its data-source.ts and shared with the migration CLI. */
  dataSource: DataSource;
}

/**
 * Everything every riskstream service has: validated config, pino logging, Prometheus metrics, liveness and
 * readiness, its PostgreSQL schema and Kafka (idempotent producer, effectively-once consumer transport).
 */
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformModuleOptions): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        ConfigModule.forRoot(options.config, options.serviceName),
        LoggingModule.forRootAsync({
          inject: [BaseServiceConfig],
          useFactory: (config: BaseServiceConfig) => ({
            serviceName: options.serviceName,
            level: config.LOG_LEVEL,
          }),
        }),
        MetricsModule.forRoot({ serviceName: options.serviceName }),
        HealthModule.forRoot(),
        DatabaseModule.forRoot(options.dataSource),
        MessagingModule.forRoot({ serviceName: options.serviceName }),
      ],
    };
  }
}
