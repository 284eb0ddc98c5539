import { context, SpanKind, SpanStatusCode, trace, type Span, type SpanContext } from '@opentelemetry/api';
import { shutdownTracing, startTracing } from './start-tracing.js';
import {
  extractTraceContext,
  injectTraceHeaders,
  withConsumerSpan,
  type MessageHeaders,
} from './trace-propagation.js';

// What the SDK span exposes beyond the API interface; read only to assert parentage.
interface SdkSpanView {
  kind: SpanKind;
  parentSpanContext?: SpanContext;
  status: { code: SpanStatusCode };
  attributes: Record<string, unknown>;
  ended: boolean;
  links: { context: SpanContext }[];
}
const view = (span: Span): SdkSpanView => span as unknown as SdkSpanView;

/** `count` ended producer spans and the headers each one's context injects. */
function producedHeaders(count: number): { producers: Span[]; headers: Record<string, string>[] } {
  const producers = Array.from({ length: count }, (_, i) =>
    trace.getTracer('test').startSpan(`produce ${i}`),
  );
  const headers = producers.map((p) => injectTraceHeaders({}, trace.setSpan(context.active(), p)));
  producers.forEach((p) => p.end());
  return { producers, headers };
}

/** The CONSUMER span of a batch whose first message carries `parent` and the others `linked`. */
async function batchSpan(parent: MessageHeaders, linked: MessageHeaders[]): Promise<SdkSpanView> {
  let consumer: Span | undefined;
  await withConsumerSpan(
    'batch',
    parent,
    {},
    (span) => {
      consumer = span;
    },
    linked,
  );
  return view(consumer as Span);
}

describe('trace propagation over Kafka headers', () => {
  beforeAll(() => {
    startTracing({ serviceName: 'propagation-test', registerEsmHook: false });
  });

  afterAll(async () => {
    await shutdownTracing();
  });

  it('round-trips the active span through string and Buffer headers', () => {
    const tracer = trace.getTracer('test');
    tracer.startActiveSpan('produce', (producer) => {
      const headers = injectTraceHeaders({ 'content-type': 'application/json' });
      const { traceId, spanId } = producer.spanContext();
      expect(headers['traceparent']).toBe(`00-${traceId}-${spanId}-01`);
      expect(headers['content-type']).toBe('application/json');
      producer.end();

      const asBuffers = Object.fromEntries(
        Object.entries(headers).map(([key, value]) => [key, Buffer.from(value)]),
      );
      for (const carrier of [headers, asBuffers]) {
        const extracted = trace.getSpanContext(extractTraceContext(carrier));
        expect(extracted).toMatchObject({ traceId, spanId, isRemote: true });
      }
    });
  });

  it('returns the base context when there is no traceparent', () => {
    const ctx = extractTraceContext({ other: Buffer.from('x'), missing: undefined });
    expect(trace.getSpanContext(ctx)).toBeUndefined();
    expect(extractTraceContext(undefined)).toBe(context.active());
  });

  it('runs the handler in a CONSUMER span that continues the producer trace', async () => {
    const producer = trace.getTracer('test').startSpan('produce');
    const headers = injectTraceHeaders({}, trace.setSpan(context.active(), producer));
    producer.end();

    let consumer: Span | undefined;
    const result = await withConsumerSpan(
      'loan.applications process',
      { traceparent: Buffer.from(headers['traceparent'] ?? '') },
      { 'messaging.system': 'kafka', 'messaging.destination.name': 'loan.applications' },
      async (span) => {
        consumer = span;
        expect(trace.getActiveSpan()).toBe(span);
        return 42;
      },
    );

    expect(result).toBe(42);
    const sdk = view(consumer as Span);
    expect(consumer?.spanContext().traceId).toBe(producer.spanContext().traceId);
    expect(sdk.parentSpanContext?.spanId).toBe(producer.spanContext().spanId);
    expect(sdk.kind).toBe(SpanKind.CONSUMER);
    expect(sdk.attributes['messaging.destination.name']).toBe('loan.applications');
    expect(sdk.ended).toBe(true);
  });

  it('links a batch span to the producer of every other message in the batch', async () => {
    const { producers, headers } = producedHeaders(3);

    const sdk = await batchSpan(headers[0]!, [...headers.slice(1), {}, { traceparent: 'garbage' }]);
    expect(sdk.parentSpanContext?.spanId).toBe(producers[0]!.spanContext().spanId);
    // Messages without a (valid) traceparent add no link.
    expect(sdk.links.map((l) => l.context.spanId)).toEqual(
      producers.slice(1).map((p) => p.spanContext().spanId),
    );
  });

  it('links each producing context once, and not the parent again', async () => {
    const { producers, headers } = producedHeaders(2);

    // Events of one upstream transaction share its traceparent; Buffer values as kafkajs delivers them.
    const sdk = await batchSpan(headers[0]!, [
      headers[0]!,
      headers[1]!,
      { traceparent: Buffer.from(headers[1]!['traceparent']!) },
      headers[0]!,
    ]);
    expect(sdk.links.map((l) => l.context.spanId)).toEqual([producers[1]!.spanContext().spanId]);
  });

  it('records the error, ends the span and rethrows', async () => {
    let consumer: Span | undefined;
    await expect(
      withConsumerSpan('failing', {}, {}, (span) => {
        consumer = span;
        throw new Error('bad payload');
      }),
    ).rejects.toThrow('bad payload');
    expect(view(consumer as Span).status.code).toBe(SpanStatusCode.ERROR);
    expect(view(consumer as Span).ended).toBe(true);
  });
});
