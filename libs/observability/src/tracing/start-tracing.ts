import type { IncomingMessage } from 'node:http';
import { register } from 'node:module';
import { context, propagation, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { PinoInstrumentation } from '@opentelemetry/instrumentation-pino';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK, type NodeSDKConfiguration } from '@opentelemetry/sdk-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { Nest12Instrumentation } from './nest-instrumentation.js';

export interface TracingOptions {
  serviceName: string;
  serviceVersion?: string;
  /**
   * Register the import-in-the-middle ESM loader hook so `import`ed modules get patched (default true).
   * Only tests that start tracing in-process should turn it off.
   */
  registerEsmHook?: boolean;
  /** Incoming HTTP paths (prefix match) that get no span: probes and scrapes would drown real traffic. */
  ignoreIncomingPaths?: readonly string[];
}

export interface TracingHandle {
  /** False when OTEL_SDK_DISABLED=true. */
  readonly enabled: boolean;
  /** Flushes pending spans and stops the SDK. Idempotent. */
  shutdown(): Promise<void>;
}

type SpanProcessor = NonNullable<NodeSDKConfiguration['spanProcessors']>[number];

const DEFAULT_IGNORED_PATHS = ['/health', '/metrics'];

// Keeps a TracerProvider (so spans, trace ids in logs and propagation work) without exporting anything.
const discardingProcessor: SpanProcessor = {
  onStart: () => undefined,
  onEnd: () => undefined,
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};

let current: TracingHandle | undefined;

function envSet(name: string): boolean {
  const value = process.env[name]?.trim();
  return value !== undefined && value !== '';
}

function envTrue(name: string): boolean {
  return process.env[name]?.trim().toLowerCase() === 'true';
}

/**
 * Trace export: an explicit OTEL_TRACES_EXPORTER (console, otlp, zipkin, none) is left to the SDK;
 * otherwise OTLP/HTTP when an endpoint is configured, else nothing is exported.
 */
function traceExport(): Pick<Partial<NodeSDKConfiguration>, 'traceExporter' | 'spanProcessors'> {
  if (envSet('OTEL_TRACES_EXPORTER')) return {};
  if (envSet('OTEL_EXPORTER_OTLP_ENDPOINT') || envSet('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT')) {
    // An explicit protocol (grpc, http/protobuf) is honoured by the SDK's own env handling.
    if (envSet('OTEL_EXPORTER_OTLP_PROTOCOL') || envSet('OTEL_EXPORTER_OTLP_TRACES_PROTOCOL')) return {};
    return { traceExporter: new OTLPTraceExporter() };
  }
  return { spanProcessors: [discardingProcessor] };
}

function isIgnoredPath(paths: readonly string[], request: IncomingMessage): boolean {
  const path = (request.url ?? '').split('?', 1)[0] ?? '';
  return paths.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

/**
 * Starts the OpenTelemetry Node SDK. Call it from `instrumentation.ts`, loaded with
 * `node --import ./dist/instrumentation.js ./dist/main.js`, so patching happens before the app imports
 * http, express, Nest, kafkajs, pg or pino. Standard OTEL_* variables apply (OTEL_SERVICE_NAME,
 * OTEL_RESOURCE_ATTRIBUTES, OTEL_EXPORTER_OTLP_*, OTEL_TRACES_SAMPLER, OTEL_SDK_DISABLED, …).
 * Metrics and logs stay with prom-client and pino unless OTEL_METRICS_EXPORTER / OTEL_LOGS_EXPORTER are set.
 * Calling it again returns the running handle.
 */
export function startTracing(options: TracingOptions): TracingHandle {
  if (current) return current;

  if (envTrue('OTEL_SDK_DISABLED')) {
    const disabled: TracingHandle = {
      enabled: false,
      shutdown: () => {
        if (current === disabled) current = undefined;
        return Promise.resolve();
      },
    };
    current = disabled;
    return disabled;
  }

  if (options.registerEsmHook ?? true) {
    // ESM imports bypass require(), so instrumentations only see them through this loader hook.
    register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
  }

  const ignoredPaths = options.ignoreIncomingPaths ?? DEFAULT_IGNORED_PATHS;
  const logsExported = envSet('OTEL_LOGS_EXPORTER') && process.env['OTEL_LOGS_EXPORTER']?.trim() !== 'none';

  const sdk = new NodeSDK({
    // Lowest priority: OTEL_SERVICE_NAME / OTEL_RESOURCE_ATTRIBUTES (env detector) override these.
    resource: defaultResource().merge(
      resourceFromAttributes({
        [ATTR_SERVICE_NAME]: options.serviceName,
        ...(options.serviceVersion ? { [ATTR_SERVICE_VERSION]: options.serviceVersion } : {}),
        // Incubating semconv key; importing the incubating entry point would pull in thousands of constants.
        'deployment.environment.name': process.env['NODE_ENV'] ?? 'development',
      }),
    ),
    ...traceExport(),
    // The SDK defaults both to OTLP, which would push to localhost:4318 when no collector runs.
    ...(envSet('OTEL_METRICS_EXPORTER') ? {} : { metricReaders: [] }),
    ...(logsExported ? {} : { logRecordProcessors: [] }),
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => isIgnoredPath(ignoredPaths, request),
      }),
      // A span per route handler, none per middleware (body parser, request log, query parser…): those are the
      // same on every request, and their spans cost the gateway more than they tell.
      new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE] }),
      new Nest12Instrumentation(),
      // No KafkaJsInstrumentation: it starts a span per message sent and received and rewrites the traceparent
      // header of every outbox row with the relay's context. The messaging transport propagates context itself:
      // the producer's context is stored with the outbox row, and each consumed batch runs in a span linked to it.
      // Without a parent (pool keep-alives, readiness pings) a query would start its own trace. No span per pool
      // checkout: every transaction and outbox delete takes one (a span and a parse of the connection URL each, a few
      // per cent of a service's CPU at 500 applications/s); a wait for a connection still shows as the gap before
      // the first query's span, and the pool's metrics are kept.
      new PgInstrumentation({ requireParentSpan: true, ignoreConnectSpans: true }),
      new PinoInstrumentation({ disableLogSending: !logsExported }),
    ],
  });
  sdk.start();

  let stopping: Promise<void> | undefined;
  const handle: TracingHandle = {
    enabled: true,
    shutdown: () => {
      stopping ??= sdk.shutdown().finally(() => {
        // Unregister globals so a later startTracing (tests) can install a fresh SDK.
        trace.disable();
        context.disable();
        propagation.disable();
        if (current === handle) current = undefined;
      });
      return stopping;
    },
  };
  current = handle;
  return handle;
}

/** Flushes and stops the SDK started by startTracing; call it last on SIGTERM, after `app.close()`. */
export async function shutdownTracing(): Promise<void> {
  await current?.shutdown();
}
