import {
  Global,
  Inject,
  Injectable,
  Module,
  Optional,
  type DynamicModule,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { LOGGER, ReadinessRegistry } from '@riskstream/observability';
import { DatabaseLogger, type DatabaseLogSink } from './database-logger.js';
import { DataSource, type DataSourceOptions } from 'typeorm';

export const DATA_SOURCE_OPTIONS = Symbol('DATA_SOURCE_OPTIONS');

/** Owns the lifecycle of the service's DataSource, reports it to readiness and gives it the service's logger. */
@Injectable()
export class DatabaseLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly dataSource: DataSource,
    private readonly readiness: ReadinessRegistry,
    @Optional() @Inject(LOGGER) private readonly logger?: DatabaseLogSink,
  ) {}

  async onModuleInit(): Promise<void> {
    // TypeORM's lines go out through the service's own logger (its destination, level and trace context).
    if (this.logger && this.dataSource.logger instanceof DatabaseLogger)
      this.dataSource.logger.useLogger(this.logger);
    if (!this.dataSource.isInitialized) await this.dataSource.initialize();
    this.readiness.register('database', async () => {
      await this.dataSource.query('SELECT 1');
    });
  }

  async onApplicationShutdown(): Promise<void> {
    // Called after consumers and HTTP have stopped, so no transaction is cut in half.
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

@Global()
@Module({})
export class DatabaseModule {
  /** `dataSource` is the instance exported by the app's data-source.ts, shared with the migration CLI. */
  static forRoot(dataSource: DataSource): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        { provide: DataSource, useValue: dataSource },
        { provide: DATA_SOURCE_OPTIONS, useValue: dataSource.options as DataSourceOptions },
        DatabaseLifecycle,
      ],
      exports: [DataSource, DATA_SOURCE_OPTIONS],
    };
  }
}

export const InjectDataSourceOptions = (): ParameterDecorator => Inject(DATA_SOURCE_OPTIONS);
