import {
  Global,
  Inject,
  Module,
  type DynamicModule,
  type FactoryProvider,
  type MiddlewareConsumer,
  type ModuleMetadata,
  type NestModule,
  type Provider,
} from '@nestjs/common';
import type { Logger } from 'pino';
import { createLogger } from './create-logger.js';
import { LOGGER, LOGGING_OPTIONS, type LoggingModuleOptions } from './logging.constants.js';
import { PinoLoggerService } from './pino-logger.service.js';
import { RequestLoggerMiddleware } from './request-logger.middleware.js';

export interface LoggingModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  /** e.g. `(config: GatewayConfig) => ({ serviceName: 'gateway', level: config.LOG_LEVEL })` */
  useFactory: (...args: never[]) => LoggingModuleOptions | Promise<LoggingModuleOptions>;
  inject?: FactoryProvider['inject'];
}

const sharedProviders: Provider[] = [
  {
    provide: LOGGER,
    useFactory: (options: LoggingModuleOptions): Logger =>
      options.logger ?? createLogger({ serviceName: options.serviceName, level: options.level ?? 'info' }),
    inject: [LOGGING_OPTIONS],
  },
  PinoLoggerService,
  RequestLoggerMiddleware,
];

/**
 * Global pino logging: the root logger under `LOGGER`, `PinoLoggerService` for `app.useLogger(...)`,
 * and request logging (pino-http) on every HTTP route unless `httpLogging: false`.
 */
@Global()
@Module({})
export class LoggingModule implements NestModule {
  constructor(@Inject(LOGGING_OPTIONS) private readonly options: LoggingModuleOptions) {}

  static forRoot(options: LoggingModuleOptions): DynamicModule {
    return {
      module: LoggingModule,
      global: true,
      providers: [{ provide: LOGGING_OPTIONS, useValue: options }, ...sharedProviders],
      exports: [LOGGER, PinoLoggerService],
    };
  }

  static forRootAsync(options: LoggingModuleAsyncOptions): DynamicModule {
    return {
      module: LoggingModule,
      global: true,
      imports: options.imports ?? [],
      providers: [
        { provide: LOGGING_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] },
        ...sharedProviders,
      ],
      exports: [LOGGER, PinoLoggerService],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    if (this.options.httpLogging === false) return;
    consumer.apply(RequestLoggerMiddleware).forRoutes('{*path}');
  }
}
