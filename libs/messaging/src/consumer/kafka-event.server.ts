import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import {
  decodeEvent,
  TOPICS,
  topicByName,
  type DeadLetterV1,
  type TopicDescriptor,
} from '@riskstream/contracts';
import { withConsumerSpan } from '@riskstream/observability/tracing';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { lastValueFrom } from 'rxjs';
import type { DataSource } from 'typeorm';
import { deterministicUuid } from '../deterministic-id.js';
import { isPermanent, PermanentEventError } from '../errors.js';
import { decodeHeaders, readMetadata } from '../event-envelope.js';
import { Outbox, OutboxRelay } from '../outbox/outbox.js';
import type { EventPublisher } from '../producer/event-publisher.js';
import { KafkaEventContext, type RawKafkaMessage } from './kafka-event.context.js';
import type { MessagingMetrics } from './messaging-metrics.js';

export interface MessagingLogger {
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
  error(obj: Record<string, unknown>, msg: string): void;
}

export interface KafkaEventServerOptions {
  kafka: Kafka;
  groupId: string;
  publisher: EventPublisher;
  dataSource: DataSource;
  logger: MessagingLogger;
  metrics: MessagingMetrics;
  /** Attempts for a transient failure before the message is dead-lettered. */
  maxAttempts?: number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  partitionsConsumedConcurrently?: number;
  outboxSweepIntervalMs?: number;
}

/** Options given as `@EventPattern(topic, { raw: true })` extras. */
export interface EventHandlerExtras {
  /** Hand the handler the raw bytes: it validates (and explains rejections) itself. */
  raw?: boolean;
}

type Outcome = 'processed' | 'duplicate' | 'dead_lettered';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A NestJS transport strategy on kafkajs that gives `@EventPattern(topicName)` handlers effectively-once
 * semantics: each message is handled inside one PostgreSQL transaction together with an inbox row (keyed by
 * consumer group and event id) and any outbox rows; offsets are committed only after that transaction, so a
 * crash re-delivers and the inbox absorbs the duplicate. Transient failures are retried with exponential
 * backoff in place (keeping per-key order); permanent ones, and transient ones that exhaust their attempts, go
 * to the dead-letter topic with the error and the original bytes, and the partition moves on.
 */
export class KafkaEventServer extends Server implements CustomTransportStrategy {
  override readonly propagatesEventHandlerErrors = true;
  private consumer: Consumer | undefined;
  private relay: OutboxRelay | undefined;
  private joined = false;
  private crashed: Error | undefined;
  private readonly schema: string;

  constructor(private readonly options: KafkaEventServerOptions) {
    super();
    const schema = (options.dataSource.options as { schema?: string }).schema;
    if (!schema) throw new Error('KafkaEventServer needs a data source with a schema (for its inbox and outbox)');
    this.schema = schema;
  }

  /** Ready when the consumer has joined its group and has not crashed. */
  get healthy(): boolean {
    return this.consumer === undefined || (this.joined && !this.crashed);
  }

  get outboxRelay(): OutboxRelay | undefined {
    return this.relay;
  }

  async listen(callback: (...optionalParams: unknown[]) => unknown): Promise<void> {
    try {
      await this.start();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  private async start(): Promise<void> {
    const topics = [...this.getHandlers().keys()];
    const o = this.options;
    this.relay = new OutboxRelay(o.dataSource, o.publisher, this.schema, (error) =>
      o.logger.error({ err: error }, 'outbox sweep failed; will retry'),
    );
    this.relay.start(o.outboxSweepIntervalMs ?? 1_000);
    if (topics.length === 0) return;
    for (const topic of topics) {
      if (!topicByName(topic)) throw new Error(`@EventPattern('${topic}') is not a topic of the contracts registry`);
    }
    await o.publisher.connect();
    const consumer = o.kafka.consumer({
      groupId: o.groupId,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      // Oversized junk must still be fetched so that it can be dead-lettered rather than stall the partition.
      maxBytesPerPartition: 20 * 1024 * 1024,
      maxBytes: 64 * 1024 * 1024,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      this.joined = true;
      this.crashed = undefined;
    });
    consumer.on(consumer.events.CRASH, (event) => {
      this.crashed = event.payload.error;
      o.logger.error({ err: event.payload.error, restart: event.payload.restart }, 'kafka consumer crashed');
    });
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: o.partitionsConsumedConcurrently ?? 3,
      eachBatch: (payload) => this.eachBatch(payload),
    });
    o.logger.info({ group: o.groupId, topics }, 'kafka consumer running');
  }

  private async eachBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    let last: string | undefined;
    try {
      for (const message of batch.messages) {
        if (!isRunning() || isStale()) break;
        await this.processMessage(batch.topic, batch.partition, message, heartbeat);
        resolveOffset(message.offset);
        last = message.offset;
        await heartbeat();
      }
    } finally {
      // Commit what was fully processed, even when a later message failed or we are shutting down.
      if (last !== undefined && !isStale() && this.consumer) {
        await this.consumer.commitOffsets([
          { topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() },
        ]);
      }
    }
  }

  private async processMessage(
    topic: string,
    partition: number,
    message: KafkaMessage,
    heartbeat: () => Promise<void>,
  ): Promise<void> {
    const o = this.options;
    const headers = decodeHeaders(message.headers);
    const metadata = readMetadata(headers, topic, partition, message.offset, message.timestamp);
    const key = message.key ? message.key.toString('utf8') : null;
    const started = process.hrtime.bigint();
    const maxAttempts = o.maxAttempts ?? 5;
    await withConsumerSpan(
      `${topic} process`,
      headers,
      {
        'messaging.system': 'kafka',
        'messaging.destination.name': topic,
        'messaging.kafka.partition': partition,
        'messaging.kafka.offset': message.offset,
        'messaging.message.id': metadata.eventId,
        'messaging.consumer.group.name': o.groupId,
      },
      async () => {
        for (let attempt = 1; ; attempt++) {
          try {
            const outcome = await this.handleOnce(topic, partition, message, key, headers, metadata, attempt);
            o.metrics.messages.inc({ topic, group: o.groupId, outcome });
            return;
          } catch (error) {
            if (isPermanent(error) || attempt >= maxAttempts) {
              await this.deadLetter(topic, partition, message, key, headers, error, attempt);
              o.metrics.messages.inc({ topic, group: o.groupId, outcome: 'dead_lettered' });
              return;
            }
            o.metrics.messages.inc({ topic, group: o.groupId, outcome: 'retried' });
            const delay = Math.min(
              (o.initialBackoffMs ?? 200) * 2 ** (attempt - 1) * (0.8 + Math.random() * 0.4),
              o.maxBackoffMs ?? 10_000,
            );
            o.logger.warn(
              { err: error, topic, partition, offset: message.offset, eventId: metadata.eventId, attempt, delay },
              'event handling failed; retrying',
            );
            await sleep(delay);
            await heartbeat();
          }
        }
      },
    );
    o.metrics.processingSeconds.observe({ topic, group: o.groupId }, Number(process.hrtime.bigint() - started) / 1e9);
  }

  private async handleOnce(
    topic: string,
    partition: number,
    message: KafkaMessage,
    key: string | null,
    headers: Record<string, string>,
    metadata: ReturnType<typeof readMetadata>,
    attempt: number,
  ): Promise<Outcome> {
    const o = this.options;
    const handler = this.getHandlerByPattern(topic);
    if (!handler) throw new PermanentEventError(`no handler for topic ${topic}`);
    const extras = (handler.extras ?? {}) as EventHandlerExtras;
    let data: unknown;
    if (extras.raw) {
      const raw: RawKafkaMessage = { value: message.value, key, headers };
      data = raw;
    } else {
      const descriptor = topicByName(topic) as TopicDescriptor;
      const decoded = decodeEvent(descriptor.schema, message.value);
      if (!decoded.ok) throw new PermanentEventError('event does not match its contract', decoded.violations);
      data = decoded.value;
    }

    let outcome: Outcome = 'processed';
    let outbox: Outbox | undefined;
    await o.dataSource.transaction(async (manager) => {
      const inserted = (await manager.query(
        `INSERT INTO "${this.schema}".processed_events (consumer_group, event_id, topic, partition, "offset")
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING event_id`,
        [o.groupId, metadata.eventId, topic, partition, message.offset],
      )) as unknown[];
      if (inserted.length === 0) {
        outcome = 'duplicate';
        return;
      }
      outbox = new Outbox(manager, o.publisher, this.schema);
      const context = new KafkaEventContext([
        { topic, partition, offset: message.offset, key, headers, metadata, attempt, consumerGroup: o.groupId, manager, outbox },
      ]);
      const result = await handler(data, context);
      await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
    });
    // The transaction is committed: publish its outbox rows now (the sweep covers a crash right here).
    if (outbox && outbox.addedIds.length > 0 && this.relay) await this.relay.flush(outbox.addedIds);
    return outcome;
  }

  private async deadLetter(
    topic: string,
    partition: number,
    message: KafkaMessage,
    key: string | null,
    headers: Record<string, string>,
    error: unknown,
    attempts: number,
  ): Promise<void> {
    const o = this.options;
    const err = error instanceof Error ? error : new Error(String(error));
    const details = err instanceof PermanentEventError && err.details ? ` ${JSON.stringify(err.details).slice(0, 4_000)}` : '';
    const letter: DeadLetterV1 = {
      sourceTopic: topic,
      sourcePartition: partition,
      sourceOffset: message.offset,
      sourceKey: key,
      consumerGroup: o.groupId,
      errorName: err.name,
      errorMessage: `${err.message}${details}`.slice(0, 8_000),
      errorKind: isPermanent(err) ? 'PERMANENT' : 'TRANSIENT',
      attempts,
      headers,
      payloadBase64: (message.value ?? Buffer.alloc(0)).toString('base64'),
      failedAt: new Date().toISOString(),
    };
    const encoded = o.publisher.encode(TOPICS.deadLetter, letter, {
      // Deterministic id: dead-lettering the same message twice (after a crash) is recognisable downstream.
      eventId: deterministicUuid(`dead-letter/${o.groupId}/${topic}/${partition}/${message.offset}`),
      causationId: headers['event-id'],
    });
    await o.publisher.publishRaw(TOPICS.deadLetter, [{ key: key ?? topic, value: encoded.value, headers: encoded.headers }]);
    o.logger.error(
      { err, topic, partition, offset: message.offset, attempts, kind: letter.errorKind },
      'event dead-lettered',
    );
  }

  async close(): Promise<void> {
    // Stop fetching; kafkajs waits for the running batch, which commits what it finished, then leaves the group.
    if (this.consumer) await this.consumer.disconnect();
    if (this.relay) {
      await this.relay.stop();
      try {
        await this.relay.flush();
      } catch (error) {
        this.options.logger.warn({ err: error }, 'final outbox flush failed; the next start will publish the rest');
      }
    }
  }

  on(): void {
    throw new Error('KafkaEventServer does not support event listeners; use its health and metrics');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }
}
