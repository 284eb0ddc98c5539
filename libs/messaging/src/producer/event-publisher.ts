import {
  validateOutgoingEvent,
  type StringKeyOf,
  type TopicDefinition,
  type TopicDescriptor,
} from '@riskstream/contracts';
import { injectTraceHeaders } from '@riskstream/observability/tracing';
import { CompressionTypes, type Kafka, type Message, type Producer } from 'kafkajs';
import { buildHeaders, type PublishOptions } from '../event-envelope.js';
import { DefaultPartitioner } from '../kafkajs/default-partitioner.fix.js';

export interface RawMessage {
  key: string | null;
  value: Buffer | string;
  headers: Record<string, string>;
}

export interface PublishedEvent {
  eventId: string;
  key: string;
}

/** Messages by topic, as one kafkajs sendBatch takes them. */
export type TopicMessages = { topic: string; messages: Message[] }[];

interface QueuedSend {
  topicMessages: TopicMessages;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** See EventPublisher.batchContext. */
export interface EncodeContext {
  traceHeaders: Readonly<Record<string, string>>;
  occurredAt: string;
}

/**
 * The only way riskstream code writes to Kafka: an idempotent producer (acks=all, broker-side de-duplication
 * of retried batches), keyed by the entity id the topic registry names, with the envelope in headers.
 */
export class EventPublisher {
  private readonly producer: Producer;
  private connected = false;
  /** Sends waiting for the one produce request in flight; they go out together in the next. */
  private queue: QueuedSend[] = [];
  private sending = false;

  constructor(
    kafka: Kafka,
    private readonly producerName: string,
  ) {
    this.producer = kafka.producer({
      idempotent: true,
      // One in-flight request keeps per-partition order even across retries.
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      // murmur2 like the Java client, so a key lands on the same partition whoever produces it (kafkajs's
      // DefaultPartitioner without its 64-bit Long arithmetic: see default-partitioner.fix.ts).
      createPartitioner: DefaultPartitioner,
      // Idempotence needs unlimited retries; maxRetryTime still bounds how long one send may take.
      retry: { retries: Number.MAX_SAFE_INTEGER, maxRetryTime: 30_000, initialRetryTime: 100 },
    });
  }

  get isConnected(): boolean {
    return this.connected;
  }

  async connect(): Promise<void> {
    if (this.connected) return;
    await this.producer.connect();
    this.connected = true;
  }

  async disconnect(): Promise<void> {
    if (!this.connected) return;
    this.connected = false;
    await this.producer.disconnect();
  }

  /** Validates, keys and publishes events of one topic; resolves once every replica in the ISR has them. */
  async publish<E extends object, K extends StringKeyOf<E>>(
    topic: TopicDefinition<E, K>,
    events: readonly E[],
    options: PublishOptions | ((event: E, index: number) => PublishOptions) = {},
  ): Promise<PublishedEvent[]> {
    const published: PublishedEvent[] = [];
    const context = this.batchContext();
    const messages: Message[] = events.map((event, index) => {
      const encoded = this.encode(
        topic,
        event,
        typeof options === 'function' ? options(event, index) : options,
        context,
      );
      published.push({ eventId: encoded.eventId, key: encoded.key });
      return { key: encoded.key, value: encoded.value, headers: encoded.headers };
    });
    if (messages.length === 0) return published;
    await this.sendRaw(topic.name, messages);
    return published;
  }

  /**
   * What the events encoded together share: the trace context to propagate (the active span's) and the time they
   * occurred. Taken once for a batch: the W3C propagator formats the same traceparent for each event otherwise.
   */
  batchContext(): EncodeContext {
    const traceHeaders: Record<string, string> = {};
    injectTraceHeaders(traceHeaders);
    return { traceHeaders, occurredAt: new Date().toISOString() };
  }

  /** Encodes one event into a Kafka message without sending it (used by the outbox). */
  encode<E extends object, K extends StringKeyOf<E>>(
    topic: TopicDefinition<E, K>,
    event: E,
    options: PublishOptions = {},
    context: EncodeContext = this.batchContext(),
  ): { eventId: string; key: string; value: string; headers: Record<string, string> } {
    const result = validateOutgoingEvent(topic.schema, event);
    if (!result.ok) {
      const detail = result.violations.map((v) => `${v.field} (${v.rule})`).join(', ');
      throw new Error(`refusing to publish an invalid ${topic.eventType} to ${topic.name}: ${detail}`);
    }
    const key = String(event[topic.keyField]);
    const { eventId, headers } = buildHeaders(
      topic,
      this.producerName,
      options.occurredAt ? options : { ...options, occurredAt: context.occurredAt },
      context.traceHeaders,
    );
    return { eventId, key, value: JSON.stringify(event), headers };
  }

  /** Publishes pre-encoded messages (dead letters, outbox rows) as they are. */
  async publishRaw(topic: TopicDescriptor | string, messages: readonly RawMessage[]): Promise<void> {
    await this.sendRaw(
      typeof topic === 'string' ? topic : topic.name,
      messages.map((m) => ({ ...m })),
    );
  }

  /** Publishes pre-encoded messages of several topics in one produce request (the outbox relay's batches). */
  async publishRawBatch(
    batches: readonly { topic: string; messages: readonly RawMessage[] }[],
  ): Promise<void> {
    const topicMessages = batches
      .filter((b) => b.messages.length > 0)
      .map((b) => ({ topic: b.topic, messages: b.messages.map((m) => ({ ...m })) }));
    if (topicMessages.length === 0) return;
    await this.enqueue(topicMessages);
  }

  private sendRaw(topic: string, messages: Message[]): Promise<void> {
    return this.enqueue([{ topic, messages }]);
  }

  /**
   * Every send resolves once its own messages are acknowledged by the ISR. The producer has one request in flight
   * (ordering under retries), so sends that arrive meanwhile wait anyway: they wait here and then go out as one
   * request, in the order they came. Concurrent callers (the gateway's requests, a service's relays) then cost one
   * produce request per round trip, not one each. No send waits for company: one alone goes out at once.
   */
  private enqueue(topicMessages: QueuedSend['topicMessages']): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ topicMessages, resolve, reject });
      if (!this.sending) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.sending = true;
    try {
      while (this.queue.length > 0) {
        const sends = this.queue;
        this.queue = [];
        if (sends.length === 1) {
          await this.produce(sends[0]!.topicMessages).then(sends[0]!.resolve, sends[0]!.reject);
          continue;
        }
        try {
          await this.produce(mergeByTopic(sends.flatMap((s) => s.topicMessages)));
          for (const s of sends) s.resolve();
        } catch (error) {
          // The broker refused the request itself (a record batch too large, say): one send's content must not
          // fail the others, so each is tried on its own. Anything else (the broker unreachable past the retry
          // time) would fail them all alike, and trying again one by one would only multiply the wait.
          const refused = refusedByBroker(error);
          for (const s of sends) {
            if (refused) await this.produce(s.topicMessages).then(s.resolve, s.reject);
            else s.reject(error);
          }
        }
      }
    } finally {
      this.sending = false;
    }
  }

  private async produce(topicMessages: TopicMessages): Promise<void> {
    if (!this.connected) await this.connect();
    // In order: chunk k of a topic goes out after chunk k - 1, so per-partition order holds. Should a later chunk
    // fail, the caller's retry (or the outbox sweep) sends the earlier ones again: the same event ids, which
    // consumers recognise.
    for (const request of splitForBroker(topicMessages))
      await this.producer.sendBatch({ topicMessages: request, acks: -1, compression: CompressionTypes.None });
  }
}

/**
 * Bytes of one topic's messages per produce request. kafkajs writes one record batch per partition per request,
 * and the broker refuses a record batch over the topic's max.message.bytes (1 MiB by default) whatever the size of
 * its records: coalesced sends or a large outbox row would otherwise be refused as a whole, again on every retry.
 * Bounding the topic's share bounds every partition's batch, with room for the batch's own framing.
 */
export const MAX_TOPIC_BYTES_PER_REQUEST = 900 * 1024;

/** Record overhead beyond key, value and headers (length varints, attributes, deltas): an upper bound. */
const RECORD_OVERHEAD_BYTES = 64;

function messageBytes(m: Message): number {
  let bytes = RECORD_OVERHEAD_BYTES;
  if (m.key != null) bytes += Buffer.byteLength(m.key);
  if (m.value != null) bytes += Buffer.byteLength(m.value);
  if (m.headers)
    for (const name in m.headers) {
      bytes += Buffer.byteLength(name) + 8;
      const value = m.headers[name];
      if (typeof value === 'string' || Buffer.isBuffer(value)) bytes += Buffer.byteLength(value);
      else if (Array.isArray(value)) for (const v of value) bytes += Buffer.byteLength(v) + 8;
    }
  return bytes;
}

/**
 * The produce requests for these messages: each topic's messages, in order, in chunks of at most
 * MAX_TOPIC_BYTES_PER_REQUEST (a larger message alone in its chunk, for the broker to judge); the chunks of
 * different topics share requests. One request when everything fits, which is the usual case.
 */
export function splitForBroker(
  topicMessages: TopicMessages,
  maxTopicBytes = MAX_TOPIC_BYTES_PER_REQUEST,
): TopicMessages[] {
  const requests: Map<string, Message[]>[] = [];
  const cursor = new Map<string, { request: number; bytes: number }>();
  for (const { topic, messages } of topicMessages) {
    let at = cursor.get(topic);
    if (!at) cursor.set(topic, (at = { request: 0, bytes: 0 }));
    for (const m of messages) {
      const bytes = messageBytes(m);
      if (at.bytes > 0 && at.bytes + bytes > maxTopicBytes) {
        at.request++;
        at.bytes = 0;
      }
      at.bytes += bytes;
      const request = requests[at.request] ?? (requests[at.request] = new Map());
      let list = request.get(topic);
      if (!list) request.set(topic, (list = []));
      list.push(m);
    }
  }
  return requests.map((r) => [...r].map(([topic, messages]) => ({ topic, messages })));
}

/**
 * kafkajs's verdict on a request the broker refused outright: a KafkaJSNonRetriableError (retriable: false), not
 * the KafkaJSNumberOfRetriesExceeded that ends retrying. By shape, because kafkajs's error classes are not ESM
 * named exports.
 */
function refusedByBroker(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error as { retriable?: unknown }).retriable === false &&
    error.name !== 'KafkaJSNumberOfRetriesExceeded'
  );
}

/** One entry per topic, messages in the order given (per-partition order is per-key order). */
function mergeByTopic(topicMessages: QueuedSend['topicMessages']): QueuedSend['topicMessages'] {
  const byTopic = new Map<string, Message[]>();
  for (const { topic, messages } of topicMessages) {
    let list = byTopic.get(topic);
    if (!list) byTopic.set(topic, (list = []));
    for (const m of messages) list.push(m);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}
