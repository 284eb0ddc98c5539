import { randomUUID } from 'node:crypto';
import { EVENT_HEADERS, type EventMetadata, type TopicDescriptor } from '@riskstream/contracts';
import type { IHeaders } from 'kafkajs';

export interface PublishOptions {
  /** Stable id for this event; give the same id when re-publishing the same fact (outbox, retries). */
  eventId?: string;
  occurredAt?: string;
  causationId?: string;
  correlationId?: string;
}

export function buildHeaders(
  topic: TopicDescriptor,
  producer: string,
  options: PublishOptions,
  traceHeaders: Readonly<Record<string, string>>,
): { eventId: string; headers: Record<string, string> } {
  const eventId = options.eventId ?? randomUUID();
  const headers: Record<string, string> = {
    [EVENT_HEADERS.eventId]: eventId,
    [EVENT_HEADERS.eventType]: topic.eventType,
    [EVENT_HEADERS.schemaVersion]: topic.schemaVersion,
    [EVENT_HEADERS.occurredAt]: options.occurredAt ?? new Date().toISOString(),
    [EVENT_HEADERS.producer]: producer,
    [EVENT_HEADERS.contentType]: 'application/json',
    ...traceHeaders,
  };
  if (options.causationId) headers[EVENT_HEADERS.causationId] = options.causationId;
  if (options.correlationId) headers[EVENT_HEADERS.correlationId] = options.correlationId;
  return { eventId, headers };
}

export function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  // for…in over own keys: no entry arrays for the nine headers of every consumed event.
  for (const name in headers) {
    if (!Object.hasOwn(headers, name)) continue;
    const value = headers[name];
    if (value === undefined) continue;
    const first = Array.isArray(value) ? value[0] : value;
    if (first === undefined) continue;
    out[name] = Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
  }
  return out;
}

/**
 * Reads the envelope. Producers outside the monorepo may omit headers: the event id then falls back to the
 * message's position, which still makes re-deliveries of that message idempotent.
 */
export function readMetadata(
  headers: Record<string, string>,
  topic: string,
  partition: number,
  offset: string,
  timestamp: string,
): EventMetadata {
  return {
    eventId: headers[EVENT_HEADERS.eventId] || `${topic}/${partition}/${offset}`,
    eventType: headers[EVENT_HEADERS.eventType] ?? 'unknown',
    schemaVersion: headers[EVENT_HEADERS.schemaVersion] ?? 'unknown',
    occurredAt: headers[EVENT_HEADERS.occurredAt] ?? new Date(Number(timestamp)).toISOString(),
    producer: headers[EVENT_HEADERS.producer] ?? 'unknown',
    causationId: headers[EVENT_HEADERS.causationId],
    correlationId: headers[EVENT_HEADERS.correlationId],
  };
}
