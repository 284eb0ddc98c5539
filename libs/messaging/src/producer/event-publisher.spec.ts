import { trace } from '@opentelemetry/api';
import { EVENT_HEADERS, TOPICS, type ScoreComputedV1 } from '@riskstream/contracts';
import { shutdownTracing, startTracing } from '@riskstream/observability/tracing';
import { Kafka, logLevel } from 'kafkajs';
import { EventPublisher } from './event-publisher.js';

const score = (applicationId: string): ScoreComputedV1 => ({
  applicationId,
  customerId: 'C-1',
  modelName: 'credit-risk-pd',
  modelVersion: 'v1',
  featureSpecVersion: '1',
  probabilityOfDefault: 0.25,
  riskBand: 'C',
  decision: 'REVIEW',
  reasonCodes: [{ feature: 'loan_to_income', contribution: 0.4, value: 0.3 }],
  scoredAt: '2026-11-23T00:00:00.000Z',
});
const A = '8fe75d44-1c28-4e2d-b2b6-4afa443628b0';
const B = '1fe19ec5-60c0-47b0-b7d8-3a1433737c42';

// Encoding never touches the broker: the client is never connected.
const publisher = new EventPublisher(
  new Kafka({ clientId: 'encode-test', brokers: ['127.0.0.1:1'], logLevel: logLevel.NOTHING }),
  'encode-test',
);

describe('EventPublisher.encode', () => {
  beforeAll(() => startTracing({ serviceName: 'encode-test', registerEsmHook: false }));
  afterAll(() => shutdownTracing());

  it("carries the active span's trace context and the envelope headers", () => {
    trace.getTracer('test').startActiveSpan('handle batch', (span) => {
      const encoded = publisher.encode(TOPICS.scoreComputed, score(A), { causationId: 'cause-1' });
      const { traceId, spanId } = span.spanContext();
      expect(encoded.headers).toMatchObject({
        traceparent: `00-${traceId}-${spanId}-01`,
        [EVENT_HEADERS.eventId]: encoded.eventId,
        [EVENT_HEADERS.causationId]: 'cause-1',
        [EVENT_HEADERS.producer]: 'encode-test',
      });
      expect(encoded.key).toBe(A);
      span.end();
    });
  });

  it('gives the events of one batch context the same trace context and time; an explicit time wins', () => {
    trace.getTracer('test').startActiveSpan('handle batch', (span) => {
      const context = publisher.batchContext();
      const [a, b, c] = [
        publisher.encode(TOPICS.scoreComputed, score(A), {}, context),
        publisher.encode(TOPICS.scoreComputed, score(B), {}, context),
        publisher.encode(TOPICS.scoreComputed, score(B), { occurredAt: '2026-01-01T00:00:00.000Z' }, context),
      ];
      expect(a!.headers['traceparent']).toContain(span.spanContext().traceId);
      expect(b!.headers['traceparent']).toBe(a!.headers['traceparent']);
      expect(b!.headers[EVENT_HEADERS.occurredAt]).toBe(context.occurredAt);
      expect(c!.headers[EVENT_HEADERS.occurredAt]).toBe('2026-01-01T00:00:00.000Z');
      expect(new Set([a!.eventId, b!.eventId, c!.eventId]).size).toBe(3);
      span.end();
    });
  });

  it('propagates no trace context outside a span', () => {
    expect(publisher.encode(TOPICS.scoreComputed, score(A)).headers).not.toHaveProperty('traceparent');
  });

  it('refuses an event that breaks its contract, naming the field', () => {
    expect(() => publisher.encode(TOPICS.scoreComputed, { ...score(A), probabilityOfDefault: 2 })).toThrow(
      /refusing to publish an invalid .*probabilityOfDefault/,
    );
  });
});
