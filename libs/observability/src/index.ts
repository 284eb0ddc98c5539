// Tracing bootstrap lives in the '@riskstream/observability/tracing' entry point (loaded with `node --import`);
// only the lightweight propagation helpers are re-exported here.
export {
  extractTraceContext,
  injectTraceHeaders,
  withConsumerSpan,
  type MessageHeaderValue,
  type MessageHeaders,
} from './tracing/trace-propagation.js';

export { createLogger, traceContextMixin, type CreateLoggerOptions } from './logging/create-logger.js';
export { createHttpLogger, REQUEST_ID_HEADER } from './logging/http-logger.js';
export { PERSONAL_FIELDS, REDACT_CENSOR, REDACT_PATHS } from './logging/log-redaction.js';
export {
  LOGGER,
  LOGGING_OPTIONS,
  type HttpLoggingOptions,
  type LoggingModuleOptions,
} from './logging/logging.constants.js';
export { LoggingModule, type LoggingModuleAsyncOptions } from './logging/logging.module.js';
export { PinoLoggerService } from './logging/pino-logger.service.js';
export { RequestLoggerMiddleware } from './logging/request-logger.middleware.js';

export { getOrCreateCounter, getOrCreateGauge, getOrCreateHistogram } from './metrics/metric-factories.js';
export { METRICS_REGISTRY, type MetricsModuleOptions } from './metrics/metrics.constants.js';
export { MetricsController } from './metrics/metrics.controller.js';
export { createMetricsRegistry, MetricsModule } from './metrics/metrics.module.js';
export { MetricsRegistry } from './metrics/metrics-registry.js';

export { EventLoopMonitor } from './health/event-loop.monitor.js';
export {
  DEFAULT_MAX_EVENT_LOOP_DELAY_MS,
  DEFAULT_READINESS_TIMEOUT_MS,
  HEALTH_OPTIONS,
  type HealthModuleOptions,
} from './health/health.constants.js';
export { HealthController } from './health/health.controller.js';
export { HealthModule } from './health/health.module.js';
export {
  ReadinessRegistry,
  type ReadinessCheck,
  type ReadinessCheckOptions,
  type RegisteredReadinessCheck,
} from './health/readiness.registry.js';
