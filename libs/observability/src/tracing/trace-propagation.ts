import {
  context,
  isSpanContextValid,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Span,
  type TextMapGetter,
} from '@opentelemetry/api';

/** Header values as kafkajs delivers them (`IHeaders`). */
export type MessageHeaderValue = Buffer | string | (Buffer | string)[] | undefined;
export type MessageHeaders = Record<string, MessageHeaderValue>;

const TRACER_NAME = '@riskstream/observability';
/** The SDK's default span link limit: more would be dropped anyway. */
const MAX_LINKS = 128;

function headerText(value: MessageHeaderValue): string | string[] | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) return value.map((item) => item.toString());
  return value.toString();
}

// Kafka header names are case-sensitive; fall back to a case-insensitive match for foreign producers.
const messageHeaderGetter: TextMapGetter<MessageHeaders> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    if (key in carrier) return headerText(carrier[key]);
    const lower = key.toLowerCase();
    const match = Object.keys(carrier).find((name) => name.toLowerCase() === lower);
    return match === undefined ? undefined : headerText(carrier[match]);
  },
};

function traceparentOf(headers: MessageHeaders | undefined): string | undefined {
  const value = headers ? messageHeaderGetter.get(headers, 'traceparent') : undefined;
  return Array.isArray(value) ? value.join(',') : value;
}

/**
 * Writes W3C `traceparent`/`tracestate`/`baggage` of `ctx` (default: the active context) into `headers`
 * and returns the same object, ready to attach to an outgoing Kafka message.
 */
export function injectTraceHeaders(
  headers: Record<string, string> = {},
  ctx: Context = context.active(),
): Record<string, string> {
  propagation.inject(ctx, headers);
  return headers;
}

/**
 * Reads W3C trace context from Kafka message headers (Buffer or string values) on top of the active context.
 * Without a `traceparent` header the active context is returned unchanged.
 */
export function extractTraceContext(
  headers: MessageHeaders | undefined,
  base: Context = context.active(),
): Context {
  return headers ? propagation.extract(base, headers, messageHeaderGetter) : base;
}

/**
 * Runs `fn` inside a CONSUMER span whose parent is the producer's context carried in `headers`,
 * so the consumer's logs, DB queries and re-published messages join the producer's trace.
 * Exceptions are recorded on the span and rethrown.
 */
export async function withConsumerSpan<T>(
  name: string,
  headers: MessageHeaders | undefined,
  attributes: Attributes,
  fn: (span: Span) => Promise<T> | T,
  /** Headers of the other messages of a batch: each producer's context becomes a link of the span. */
  linked: readonly MessageHeaders[] = [],
): Promise<T> {
  const parent = extractTraceContext(headers);
  const links: Link[] = [];
  // One link per producing context: the events of one upstream transaction share its traceparent (a batch of
  // 500 usually comes from a handful), and the parent's own context needs no link.
  const seen = new Set<string>();
  const parentTraceparent = traceparentOf(headers);
  if (parentTraceparent !== undefined) seen.add(parentTraceparent);
  for (const other of linked) {
    if (links.length >= MAX_LINKS) break;
    const traceparent = traceparentOf(other);
    if (traceparent === undefined || seen.has(traceparent)) continue;
    seen.add(traceparent);
    const linkedContext = trace.getSpanContext(extractTraceContext(other, ROOT_CONTEXT));
    if (linkedContext && isSpanContextValid(linkedContext)) links.push({ context: linkedContext });
  }
  const span = trace
    .getTracer(TRACER_NAME)
    .startSpan(name, { kind: SpanKind.CONSUMER, attributes, links }, parent);
  return context.with(trace.setSpan(parent, span), async () => {
    try {
      return await fn(span);
    } catch (error) {
      const exception = error instanceof Error ? error : new Error(String(error));
      span.recordException(exception);
      span.setStatus({ code: SpanStatusCode.ERROR, message: exception.message });
      throw error;
    } finally {
      span.end();
    }
  });
}
