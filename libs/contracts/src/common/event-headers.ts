/**
 * Kafka header names carried by every riskstream event. The payload is the domain event only; the envelope
 * lives in headers so that consumers can de-duplicate, route and trace without parsing the body.
 */
export const EVENT_HEADERS = {
  /** Unique id of this event (UUID). Consumers de-duplicate on it. */
  eventId: 'event-id',
  /** Event type, e.g. `loan-application.submitted`. */
  eventType: 'event-type',
  /** Schema version of the payload (the topic's major version plus additive minor), e.g. `1.0`. */
  schemaVersion: 'schema-version',
  /** When the fact happened, ISO-8601 UTC. */
  occurredAt: 'occurred-at',
  /** The service or system that produced the event. */
  producer: 'producer',
  /** The event that caused this one (event id), for lineage across the pipeline. */
  causationId: 'causation-id',
  /** Correlates all events of one business flow (usually the application id). */
  correlationId: 'correlation-id',
  /** W3C trace context. */
  traceparent: 'traceparent',
  tracestate: 'tracestate',
  contentType: 'content-type',
} as const;

export type EventHeaderName = (typeof EVENT_HEADERS)[keyof typeof EVENT_HEADERS];

/** The envelope as consumers see it once headers are decoded. */
export interface EventMetadata {
  eventId: string;
  eventType: string;
  schemaVersion: string;
  occurredAt: string;
  producer: string;
  causationId?: string;
  correlationId?: string;
}
