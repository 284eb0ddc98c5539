import type { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { BaseServiceConfig } from '@riskstream/config';
import { KafkaEventServer } from '@riskstream/messaging';
import { LOGGER, PinoLoggerService, ReadinessRegistry } from '@riskstream/observability';
import { shutdownTracing } from '@riskstream/observability/tracing';
import type { Logger } from 'pino';
import { ProblemDetailsFilter } from '../http/problem-details.filter.js';
import { StrictValidationPipe } from '../http/strict-validation.pipe.js';
import { tuneHeapGrowth } from './heap-growth.js';

export interface RunServiceOptions {
  serviceName: string;
  /** Overrides the configured port (tests pass 0 for a free one). */
  port?: number;
}

/** Creates, configures and starts a service (HTTP + Kafka consumers) without touching process signals. */
export async function createServiceApp(
  rootModule: Type<unknown>,
  options: RunServiceOptions,
): Promise<INestApplication> {
  const app = await NestFactory.create(rootModule, { bufferLogs: true, abortOnError: false });
  const logger = app.get<Logger>(LOGGER);
  app.useLogger(app.get(PinoLoggerService));
  app.useGlobalPipes(new StrictValidationPipe());
  app.useGlobalFilters(
    new ProblemDetailsFilter((error, req) =>
      logger.error({ err: error, url: req.originalUrl }, 'unhandled error'),
    ),
  );
  app.getHttpAdapter().getInstance().disable('x-powered-by');

  const config = app.get(BaseServiceConfig);
  app.connectMicroservice({ strategy: app.get(KafkaEventServer) }, { inheritAppConfig: true });
  // Every module's init hooks (the database connected, scoring's model loaded and verified) before the consumers
  // start: a hybrid app otherwise runs them in app.listen(), after startAllMicroservices() has joined the group
  // and begun handing out batches that fail for want of what the hooks set up.
  await app.init();
  await app.startAllMicroservices();
  const port = options.port ?? config.PORT;
  await app.listen(port, config.HOST);
  logger.info(
    { port, host: config.HOST },
    `${options.serviceName} listening on http://${config.HOST}:${port}`,
  );
  return app;
}

/**
 * Boots a service: HTTP (health, metrics, API) plus the Kafka consumer transport, and a graceful SIGTERM:
 * readiness turns 503 first, then consumers stop fetching and commit what they finished, HTTP drains, and only
 * then are the producer and the database closed. A hard exit follows SHUTDOWN_TIMEOUT_MS at the latest.
 */
export async function runService(
  rootModule: Type<unknown>,
  options: RunServiceOptions,
): Promise<INestApplication> {
  const app = await createServiceApp(rootModule, options);
  const logger = app.get<Logger>(LOGGER);
  const config = app.get(BaseServiceConfig);

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    app.get(ReadinessRegistry).markShuttingDown();
    const deadline = setTimeout(() => {
      logger.error({ timeoutMs: config.SHUTDOWN_TIMEOUT_MS }, 'shutdown timed out; exiting');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS);
    deadline.unref();
    try {
      await app.close();
      await shutdownTracing();
      logger.info('shutdown complete');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', (s) => void stop(s));
  process.once('SIGINT', (s) => void stop(s));
  return app;
}

/** Entry point helper: a boot failure (e.g. invalid config) prints one clear message and exits 1. */
export function startService(rootModule: Type<unknown>, options: RunServiceOptions): void {
  tuneHeapGrowth();
  quietKnownWarnings();
  runService(rootModule, options).catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`\n${options.serviceName} failed to start:\n${message}\n\n`);
    process.exit(1);
  });
}

/**
 * kafkajs 2.2.4 arms a timer with a negative delay on Node >= 22 (Node clamps it to 1 ms, harmless) and Node warns
 * about it on every connection. Drop exactly that warning; print every other one as before.
 */
function quietKnownWarnings(): void {
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (warning.name === 'TimeoutNegativeWarning') return;
    process.stderr.write(`${warning.name}: ${warning.message}\n`);
  });
}
