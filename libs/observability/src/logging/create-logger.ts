import { hostname } from 'node:os';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import {
  pino,
  type Bindings,
  type ChildLoggerOptions,
  type DestinationStream,
  type LevelWithSilent,
  type Logger,
} from 'pino';
import { redactErrorData, redactPersonalData, REDACT_CENSOR, REDACT_PATHS } from './log-redaction.js';

export interface CreateLoggerOptions {
  serviceName: string;
  /** Default 'info'. */
  level?: LevelWithSilent;
  /** Default stdout. Tests pass an in-memory stream. */
  destination?: DestinationStream;
}

/** Correlates each line with the active span so logs can be joined with traces. */
export function traceContextMixin(): Record<string, string> {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (!spanContext || !isSpanContextValid(spanContext)) return {};
  return {
    trace_id: spanContext.traceId,
    span_id: spanContext.spanId,
    trace_flags: `0${spanContext.traceFlags.toString(16)}`,
  };
}

/** JSON logger with service name, ISO time, level labels, trace correlation and PII/credential redaction. */
export function createLogger(options: CreateLoggerOptions): Logger {
  const logger = pino(
    {
      level: options.level ?? 'info',
      base: { service: options.serviceName, pid: process.pid, hostname: hostname() },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        // Personal data is censored by key at any depth (see log-redaction.ts for why not `redact`).
        log: (object) => redactPersonalData(object),
      },
      // Header credentials only exist after pino's req/res serializers, which run after the formatters.
      redact: { paths: [...REDACT_PATHS], censor: REDACT_CENSOR },
      // The personal-data walk leaves errors alone: the data an error carries is censored as it is serialized.
      serializers: { err: (error: Error) => redactErrorData(pino.stdSerializers.err(error)) },
      mixin: traceContextMixin,
    },
    options.destination,
  );
  // pino bypasses formatters for child bindings, so redact them on the way in. Children are created with
  // Object.create(parent) and therefore inherit this override at every level.
  const originalChild = logger.child;
  logger.child = function redactingChild<ChildCustomLevels extends string = never>(
    this: Logger,
    bindings: Bindings,
    childOptions?: ChildLoggerOptions<ChildCustomLevels>,
  ): Logger<ChildCustomLevels> {
    return originalChild.call(this, redactPersonalData(bindings), childOptions) as Logger<ChildCustomLevels>;
  };
  return logger;
}
