import {
  validateEvent,
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

/**
 * The only way riskstream code writes to Kafka: an idempotent producer (acks=all, broker-side de-duplication
 * of retried batches), keyed by the entity id the topic registry names, with the envelope in headers.
 */
export class EventPublisher {
  private readonly producer: Producer;
  private connected = false;

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
    const messages: Message[] = events.map((event, index) => {
      const encoded = this.encode(
        topic,
        event,
        typeof options === 'function' ? options(event, index) : options,
      );
      published.push({ eventId: encoded.eventId, key: encoded.key });
      return { key: encoded.key, value: encoded.value, headers: encoded.headers };
    });
    if (messages.length === 0) return published;
    await this.sendRaw(topic.name, messages);
    return published;
  }

  /** Encodes one event into a Kafka message without sending it (used by the outbox). */
  encode<E extends object, K extends StringKeyOf<E>>(
    topic: TopicDefinition<E, K>,
    event: E,
    options: PublishOptions = {},
  ): { eventId: string; key: string; value: string; headers: Record<string, string> } {
    const result = validateEvent(topic.schema, event);
    if (!result.ok) {
      const detail = result.violations.map((v) => `${v.field} (${v.rule})`).join(', ');
      throw new Error(`refusing to publish an invalid ${topic.eventType} to ${topic.name}: ${detail}`);
    }
    const key = String(event[topic.keyField]);
    const trace: Record<string, string> = {};
    injectTraceHeaders(trace);
    const { eventId, headers } = buildHeaders(topic, this.producerName, options, trace);
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
    if (!this.connected) await this.connect();
    await this.producer.sendBatch({ topicMessages, acks: -1, compression: CompressionTypes.None });
  }

  private async sendRaw(topic: string, messages: Message[]): Promise<void> {
    if (!this.connected) await this.connect();
    await this.producer.send({ topic, messages, acks: -1, compression: CompressionTypes.None });
  }
}
