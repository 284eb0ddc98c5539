import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { HttpLogger } from 'pino-http';
import { createHttpLogger } from './http-logger.js';
import { LOGGER, LOGGING_OPTIONS, type LoggingModuleOptions } from './logging.constants.js';

/** Nest middleware around pino-http; LoggingModule applies it to every route. */
@Injectable()
export class RequestLoggerMiddleware implements NestMiddleware<IncomingMessage, ServerResponse> {
  private readonly httpLogger: HttpLogger;

  constructor(@Inject(LOGGER) logger: Logger, @Inject(LOGGING_OPTIONS) options: LoggingModuleOptions) {
    this.httpLogger = createHttpLogger(
      logger,
      typeof options.httpLogging === 'object' ? options.httpLogging : {},
    );
  }

  use(request: IncomingMessage, response: ServerResponse, next: (error?: unknown) => void): void {
    this.httpLogger(request, response, next);
  }
}
