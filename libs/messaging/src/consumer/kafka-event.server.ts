import { CustomTransportStrategy, Server, type MessageHandler } from '@nestjs/microservices';
import {
  decodeEvent,
  TOPICS,
  topicByName,
  type DeadLetterV1,
  type TopicDescriptor,
} from '@riskstream/contracts';
import { withConsumerSpan } from '@riskstream/observability/tracing';
import { binaryColumns, pipelinedTransaction } from '@riskstream/persistence';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { lastValueFrom } from 'rxjs';
import type { DataSource, EntityManager } from 'typeorm';
import { deterministicUuid } from '../deterministic-id.js';
import { isPermanent, PermanentEventError } from '../errors.js';
import { decodeHeaders, readMetadata } from '../event-envelope.js';
import { Outbox, OutboxRelay } from '../outbox/outbox.js';
import type { EventPublisher } from '../producer/event-publisher.js';
import {
  KafkaBatchContext,
  KafkaEventContext,
  type BatchItem,
  type RawKafkaMessage,
} from './kafka-event.context.js';
import { fetchLimits } from './fetch-limits.js';
import { nextRound, type RoundSource } from './fetch-rounds.js';
import type { MessagingMetrics } from './messaging-metrics.js';
import { OffsetCommitter } from './offset-committer.js';

/**
 * A batch's transaction or the publish of its events taking this long is logged (with its wall-clock time), not only
 * counted in the stage histogram: a latency spike at the pipeline's end can then be traced to a service and stage.
 */
export const SLOW_STAGE_SECONDS = 0.5;
const round3 = (x: number) => Math.round(x * 1000) / 1000;

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
  /** Periodic outbox sweep (default 10 s); a failed send's rows are swept as soon as they are old enough. */
  outboxSweepIntervalMs?: number;
  /**
   * Offsets are committed at most this often (default 500 ms): a commit is a write to __consumer_offsets, and a
   * later one only means more re-delivery after a crash, which the inbox or the handler absorbs.
   */
  offsetCommitIntervalMs?: number;
  /** Largest micro-batch handed to a batch handler. */
  maxBatchSize?: number;
  sessionTimeoutMs?: number;
  rebalanceTimeoutMs?: number;
  /**
   * How long inbox rows are kept. Longer than any topic's retention plus the longest consumer outage, so an event
   * can never be re-delivered after its row is gone.
   */
  inboxRetentionDays?: number;
}

/** Options given as `@EventPattern(topic, { raw: true })` extras. */
export interface EventHandlerExtras {
  /** Hand the handler the raw bytes: it validates (and explains rejections) itself. */
  raw?: boolean;
  /**
   * Hand the handler a micro-batch in one transaction: every message of one Kafka fetch, across all partitions
   * (per-partition order kept), up to maxBatchSize. The batches of all the service's batch topics in that fetch
   * share the transaction, handled in the order the handlers are declared. Far fewer transactions and round
   * trips for high-volume topics. A failing transaction is retried, then split by topic, then by partition, then
   * into single messages, so one poison message is dead-lettered alone.
   */
  batch?: boolean;
  /**
   * How re-delivered (after a crash or rebalance) and re-sent (same event id at a new offset) events are
   * recognised. 'inbox' (default): an inbox row per event id, written in the handler's transaction. 'handler':
   * the handler's own writes are keyed by the business id (unique constraints with ON CONFLICT) and it publishes
   * only for rows it actually inserted, so handling an event twice changes nothing. That saves a round trip and a
   * random-key index insert per message, and an inbox that grows with the retention; the handler's idempotence is
   * then its own contract, and its tests must prove it.
   */
  dedupe?: 'inbox' | 'handler';
}

type Outcome = 'processed' | 'duplicate' | 'dead_lettered';

/** One partition's batch from kafkajs, being worked through by a coalesced run. */
interface PendingBatch extends RoundSource<KafkaMessage> {
  payload: EachBatchPayload;
  resolve: () => void;
  reject: (error: unknown) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function batchItem(
  payload: unknown,
  envelope: Pick<BatchItem<unknown>, 'headers' | 'metadata' | 'key'>,
  topic: string,
  partition: number,
  message: KafkaMessage,
): BatchItem<unknown> {
  return { payload, ...envelope, topic, partition, offset: message.offset, message };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/**
 * A NestJS transport strategy on kafkajs that gives `@EventPattern(topicName)` handlers effectively-once
 * semantics: each message is handled inside one PostgreSQL transaction together with an inbox row (keyed by
 * consumer group and event id; or none, for handlers whose keyed writes absorb duplicates: `dedupe: 'handler'`)
 * and any outbox rows; offsets are committed only after that transaction, so a crash re-delivers and the inbox
 * (or the handler) absorbs the duplicate. Transient failures are retried with exponential
 * backoff in place (keeping per-key order); permanent ones, and transient ones that exhaust their attempts, go
 * to the dead-letter topic with the error and the original bytes, and the partition moves on.
 */
export class KafkaEventServer extends Server implements CustomTransportStrategy {
  override readonly propagatesEventHandlerErrors = true;
  private consumer: Consumer | undefined;
  private relay: OutboxRelay | undefined;
  private joined = false;
  private pruneTimer: NodeJS.Timeout | undefined;
  private crashed: Error | undefined;
  private readonly schema: string;
  private committer: OffsetCommitter | undefined;
  /** Partition batches of one fetch waiting to be coalesced (see coalesce). */
  private gathering: PendingBatch[] | undefined;
  /** Declaration order of the handlers: the order of the topics in a shared transaction. */
  private topicOrder = new Map<string, number>();
  /** Set by close(): a batch waiting for the database gives up (uncommitted, so re-delivered). */
  private closing = false;
  /**
   * Handlers by topic, resolved once: Nest's getHandlerByPattern JSON.parses the pattern on every call (and throws
   * and catches for a plain topic name), which cost ~8 % of a pipeline service's CPU when done per message.
   */
  private readonly handlerCache = new Map<string, MessageHandler | null>();

  constructor(private readonly options: KafkaEventServerOptions) {
    super();
    const schema = (options.dataSource.options as { schema?: string }).schema;
    if (!schema)
      throw new Error('KafkaEventServer needs a data source with a schema (for its inbox and outbox)');
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
    this.handlerCache.clear();
    this.topicOrder = new Map(topics.map((topic, i) => [topic, i]));
    const o = this.options;
    this.relay = new OutboxRelay(o.dataSource, o.publisher, this.schema, (error) =>
      o.logger.error({ err: error }, 'outbox sweep failed; will retry'),
    );
    this.relay.start(o.outboxSweepIntervalMs ?? 10_000);
    this.pruneTimer = setInterval(
      () =>
        void this.pruneInbox().catch((error: unknown) =>
          o.logger.warn({ err: error }, 'inbox pruning failed'),
        ),
      3_600_000,
    );
    this.pruneTimer.unref();
    if (topics.length === 0) return;
    for (const topic of topics) {
      if (!topicByName(topic))
        throw new Error(`@EventPattern('${topic}') is not a topic of the contracts registry`);
    }
    await o.publisher.connect();
    const consumer = o.kafka.consumer({
      groupId: o.groupId,
      sessionTimeout: o.sessionTimeoutMs ?? 30_000,
      rebalanceTimeout: o.rebalanceTimeoutMs ?? 60_000,
      heartbeatInterval: Math.min(3_000, Math.floor((o.sessionTimeoutMs ?? 30_000) / 3)),
      // Every subscribed partition gets its share of each fetch (a backlog on one topic starved the other).
      ...fetchLimits(topics.reduce((sum, topic) => sum + topicByName(topic)!.partitions, 0)),
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
    this.committer = new OffsetCommitter(
      async (offsets) => {
        const t = process.hrtime.bigint();
        await consumer.commitOffsets(offsets);
        for (const topic of new Set(offsets.map((x) => x.topic)))
          o.metrics.stageSeconds.observe(
            { topic, stage: 'offset_commit' },
            Number(process.hrtime.bigint() - t) / 1e9,
          );
      },
      (error, offsets) =>
        o.logger.warn(
          { err: error, offsets },
          'offset commit failed; the re-delivery will be absorbed (inbox or keyed writes)',
        ),
      o.offsetCommitIntervalMs ?? 500,
    );
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      // kafkajs fetches again only when every batch of the previous fetch is done: all of them must run at once
      // (and be coalesced) or a fetch cycle lasts several transactions and so does the latency of every hop.
      partitionsConsumedConcurrently: o.partitionsConsumedConcurrently ?? 16,
      eachBatch: (payload) => this.eachBatch(payload),
    });
    o.logger.info({ group: o.groupId, topics }, 'kafka consumer running');
  }

  private async eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale } = payload;
    const extras = this.extras(batch.topic);
    if (extras.batch) return this.coalesce(payload);
    for (const message of batch.messages) {
      if (!isRunning() || isStale()) break;
      await this.processMessage(batch.topic, batch.partition, message, heartbeat);
      resolveOffset(message.offset);
      this.committer?.mark(batch.topic, batch.partition, message.offset);
      await this.relay?.waitForCapacity();
      await heartbeat();
    }
  }

  /**
   * kafkajs hands each partition's batch of a fetch to its own eachBatch call, all in the same tick. Those of the
   * batch topics are gathered here and worked through together: one transaction per round instead of one per
   * partition and topic.
   */
  private coalesce(payload: EachBatchPayload): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (!this.gathering) {
        const gathered: PendingBatch[] = [];
        this.gathering = gathered;
        setImmediate(() => {
          this.gathering = undefined;
          void this.runCoalesced(gathered);
        });
      }
      this.gathering.push({
        payload,
        messages: payload.batch.messages,
        rank: this.topicOrder.get(payload.batch.topic) ?? 0,
        next: 0,
        resolve,
        reject,
      });
    });
  }

  /**
   * Rounds of at most maxBatchSize messages (see nextRound): the topics in handler declaration order, each
   * topic's share split fairly between its partitions.
   */
  private async runCoalesced(entries: PendingBatch[]): Promise<void> {
    const size = this.options.maxBatchSize ?? 500;
    try {
      for (;;) {
        const live = entries.filter((e) => e.payload.isRunning() && !e.payload.isStale());
        const slices = nextRound(live, size);
        if (slices.length === 0) break;
        const active = slices.map((s) => s.source);
        const heartbeat = () => active[0]!.payload.heartbeat();
        await this.processSlices(
          slices.map((s) => ({
            topic: s.source.payload.batch.topic,
            partition: s.source.payload.batch.partition,
            messages: s.messages,
          })),
          heartbeat,
        );
        for (const { source: entry, messages } of slices) {
          const last = messages[messages.length - 1]!.offset;
          entry.payload.resolveOffset(last);
          this.committer?.mark(entry.payload.batch.topic, entry.payload.batch.partition, last);
        }
        // Bounded memory: wait while the relay has too much committed-but-unsent work queued.
        await this.relay?.waitForCapacity();
        await heartbeat();
      }
      for (const e of entries) e.resolve();
    } catch (error) {
      for (const e of entries) e.reject(error);
    }
  }

  /** Decodes the messages, hands the valid ones to their batch handlers in one transaction, dead-letters the rest. */
  private async processSlices(
    slices: { topic: string; partition: number; messages: KafkaMessage[] }[],
    heartbeat: () => Promise<void>,
  ): Promise<void> {
    const o = this.options;
    const started = process.hrtime.bigint();
    const items: BatchItem<unknown>[] = [];
    const counts = new Map<string, number>();
    for (const { topic, partition, messages } of slices) {
      const extras = this.extras(topic);
      counts.set(topic, (counts.get(topic) ?? 0) + messages.length);
      for (const message of messages) {
        const envelope = this.envelope(topic, partition, message);
        const { headers, key } = envelope;
        const decoded = this.decode(topic, message, key, headers, extras);
        if (!decoded.ok) {
          await this.deadLetter(topic, partition, message, key, headers, decoded.error, 1);
          o.metrics.messages.inc({ topic, group: o.groupId, outcome: 'dead_lettered' });
          continue;
        }
        items.push(batchItem(decoded.value, envelope, topic, partition, message));
      }
    }
    if (items.length > 0) await this.runSplitting(items, heartbeat);
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    const perMessage = Number(process.hrtime.bigint() - started) / 1e9 / Math.max(1, total);
    for (const topic of counts.keys())
      o.metrics.processingSeconds.observe({ topic, group: o.groupId }, perMessage);
  }

  /**
   * One transaction for the items; when it keeps failing, the items are narrowed down to each topic, then to each
   * partition, then to single messages, so that each poison message is dead-lettered alone.
   */
  private async runSplitting(items: BatchItem<unknown>[], heartbeat: () => Promise<void>): Promise<void> {
    if (await this.runBatch(items, heartbeat)) return;
    for (const by of [(i: BatchItem<unknown>) => i.topic, (i: BatchItem<unknown>) => String(i.partition)]) {
      const groups = groupBy(items, by);
      if (groups.size < 2) continue;
      for (const group of groups.values()) await this.runSplitting(group, heartbeat);
      return;
    }
    for (const item of items) await this.processMessage(item.topic, item.partition, item.message, heartbeat);
  }

  /** One batch transaction with retries of transient failures. False when it keeps failing (caller splits it). */
  private async runBatch(items: BatchItem<unknown>[], heartbeat: () => Promise<void>): Promise<boolean> {
    const o = this.options;
    const maxAttempts = o.maxAttempts ?? 5;
    const byTopic = groupBy(items, (i) => i.topic);
    const topics = [...byTopic.keys()];
    const partitions = [...new Set(items.map((i) => i.partition))];
    return withConsumerSpan(
      `${topics.length === 1 ? topics[0] : `${topics.length} topics`} process batch`,
      items[0]!.headers,
      {
        'messaging.system': 'kafka',
        'messaging.destination.name': topics.join(','),
        'messaging.kafka.partitions': partitions.join(','),
        'messaging.batch.message_count': items.length,
        'messaging.consumer.group.name': o.groupId,
      },
      async () => {
        for (let attempt = 1; attempt <= maxAttempts; attempt++) {
          try {
            const outcomes = await this.handleBatchOnce(byTopic, items, attempt);
            for (const [topic, { processed, duplicates }] of outcomes) {
              o.metrics.messages.inc({ topic, group: o.groupId, outcome: 'processed' }, processed);
              if (duplicates)
                o.metrics.messages.inc({ topic, group: o.groupId, outcome: 'duplicate' }, duplicates);
            }
            return true;
          } catch (error) {
            if (!isPermanent(error) && attempt >= maxAttempts && !(await this.databaseAnswers())) {
              // Splitting the batch would only spend more attempts on the same outage.
              await this.awaitDatabase(heartbeat, { topic: topics.join(','), partitions, err: error });
              attempt = 0;
              continue;
            }
            if (isPermanent(error) || attempt >= maxAttempts || items.length === 1) {
              o.logger.warn(
                { err: error, topics, partitions, size: items.length },
                'batch failed; processing it in smaller parts',
              );
              return false;
            }
            for (const [topic, group] of byTopic)
              o.metrics.messages.inc({ topic, group: o.groupId, outcome: 'retried' }, group.length);
            await sleep(this.backoff(attempt));
            await heartbeat();
          }
        }
        return false;
      },
      items.slice(1).map((item) => item.headers),
    );
  }

  /** The items' topics, each handled by its own handler, in one transaction with one inbox insert and one outbox. */
  private async handleBatchOnce(
    byTopic: Map<string, BatchItem<unknown>[]>,
    items: BatchItem<unknown>[],
    attempt: number,
  ): Promise<Map<string, { processed: number; duplicates: number }>> {
    const o = this.options;
    let outbox: Outbox | undefined;
    const outcomes = new Map<string, { processed: number; duplicates: number }>();
    const t0 = process.hrtime.bigint();
    // Pipelined: START TRANSACTION goes out with the first statement, the outbox row with the COMMIT.
    await pipelinedTransaction(
      o.dataSource,
      async (manager) => {
        outcomes.clear();
        // Topics whose handlers absorb duplicates themselves skip the inbox: only repeats within this batch are
        // dropped here.
        const inboxed: BatchItem<unknown>[] = [];
        const handlerIds: string[] = [];
        for (const item of items) {
          if (this.dedupe(item.topic) === 'inbox') inboxed.push(item);
          else handlerIds.push(item.metadata.eventId);
        }
        const freshIds = new Set(inboxed.length > 0 ? await this.recordInbox(manager, inboxed) : []);
        for (const id of handlerIds) freshIds.add(id);
        outbox = new Outbox(manager, o.publisher, this.schema, { deferWrites: true });
        for (const [topic, group] of byTopic) {
          const handler = this.handlerFor(topic);
          if (!handler) throw new PermanentEventError(`no handler for topic ${topic}`);
          // The first occurrence of an event id is processed; later ones are duplicates.
          const fresh = group.filter((item) => freshIds.delete(item.metadata.eventId));
          outcomes.set(topic, { processed: fresh.length, duplicates: group.length - fresh.length });
          if (fresh.length === 0) continue;
          const context = new KafkaBatchContext([
            {
              topic,
              partitions: [...new Set(group.map((i) => i.partition))],
              attempt,
              consumerGroup: o.groupId,
              manager,
              outbox,
            },
          ]);
          const result = await handler(fresh, context);
          await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
        }
      },
      // Every topic's events in one INSERT, sent with the COMMIT.
      () => outbox?.flushStatements() ?? [],
    );
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    for (const topic of byTopic.keys())
      o.metrics.stageSeconds.observe({ topic, stage: 'transaction' }, seconds);
    if (seconds >= SLOW_STAGE_SECONDS)
      o.logger.warn(
        { topics: [...byTopic.keys()], size: items.length, attempt, seconds: round3(seconds) },
        'slow batch transaction',
      );
    if (outbox) this.publishAfterCommit([...byTopic.keys()], outbox);
    return outcomes;
  }

  private handlerFor(topic: string): MessageHandler | null {
    let handler = this.handlerCache.get(topic);
    if (handler === undefined) {
      handler = this.getHandlerByPattern(topic);
      this.handlerCache.set(topic, handler);
    }
    return handler;
  }

  private extras(topic: string): EventHandlerExtras {
    return (this.handlerFor(topic)?.extras ?? {}) as EventHandlerExtras;
  }

  private dedupe(topic: string): 'inbox' | 'handler' {
    return this.extras(topic).dedupe ?? 'inbox';
  }

  /**
   * Inserts the inbox rows of a batch; returns the event ids that were new. One statement over unnest()ed arrays:
   * its text does not depend on the batch size, so PostgreSQL plans it once per connection.
   */
  private async recordInbox(
    manager: EntityManager,
    items: readonly Pick<BatchItem<unknown>, 'metadata' | 'topic' | 'partition' | 'offset'>[],
  ): Promise<string[]> {
    const rows = (await manager.query(
      `INSERT INTO "${this.schema}".processed_events (consumer_group, event_id, topic, partition, "offset")
       SELECT $1, e, t, p, o FROM unnest($2::text[], $3::text[], $4::int4[], $5::int8[]) AS u(e, t, p, o)
       ON CONFLICT DO NOTHING RETURNING event_id`,
      [
        this.options.groupId,
        ...binaryColumns(items, [
          ['text', (i) => i.metadata.eventId],
          ['text', (i) => i.topic],
          ['int4', (i) => i.partition],
          ['int8', (i) => i.offset],
        ]),
      ],
    )) as { event_id: string }[];
    return rows.map((r) => r.event_id);
  }

  /**
   * The transaction is committed: its outbox rows go to Kafka now, without holding up the next batch (the offset
   * commit does not depend on it either: the rows are durable, and the sweep publishes them if this fails).
   */
  private publishAfterCommit(topics: string[], outbox: Outbox): void {
    const relay = this.relay;
    if (!relay || outbox.added.length === 0) return;
    const t = process.hrtime.bigint();
    relay.publishCommitted(outbox).then(
      () => {
        const seconds = Number(process.hrtime.bigint() - t) / 1e9;
        for (const topic of topics)
          this.options.metrics.stageSeconds.observe({ topic, stage: 'outbox_flush' }, seconds);
        if (seconds >= SLOW_STAGE_SECONDS)
          this.options.logger.warn(
            { topics, events: outbox.added.length, seconds: round3(seconds) },
            'slow publish of committed events',
          );
      },
      (error: unknown) =>
        this.options.logger.warn(
          { err: error, topics, events: outbox.added.length },
          'publishing committed events failed; the outbox sweep will retry',
        ),
    );
  }

  /** A message's headers, envelope metadata (event id, schema version, …) and key. */
  private envelope(
    topic: string,
    partition: number,
    message: KafkaMessage,
  ): { headers: Record<string, string>; metadata: ReturnType<typeof readMetadata>; key: string | null } {
    const headers = decodeHeaders(message.headers);
    return {
      headers,
      metadata: readMetadata(headers, topic, partition, message.offset, message.timestamp),
      key: message.key ? message.key.toString('utf8') : null,
    };
  }

  private decode(
    topic: string,
    message: KafkaMessage,
    key: string | null,
    headers: Record<string, string>,
    extras: EventHandlerExtras,
  ): { ok: true; value: unknown } | { ok: false; error: PermanentEventError } {
    if (extras.raw) {
      const raw: RawKafkaMessage = { value: message.value, key, headers };
      return { ok: true, value: raw };
    }
    const descriptor = topicByName(topic) as TopicDescriptor;
    const decoded = decodeEvent(descriptor.schema, message.value);
    if (!decoded.ok)
      return {
        ok: false,
        error: new PermanentEventError('event does not match its contract', decoded.violations),
      };
    return { ok: true, value: decoded.value };
  }

  private backoff(attempt: number): number {
    const o = this.options;
    return Math.min(
      (o.initialBackoffMs ?? 200) * 2 ** (attempt - 1) * (0.8 + Math.random() * 0.4),
      o.maxBackoffMs ?? 10_000,
    );
  }

  private async processMessage(
    topic: string,
    partition: number,
    message: KafkaMessage,
    heartbeat: () => Promise<void>,
  ): Promise<void> {
    const o = this.options;
    const { headers, metadata, key } = this.envelope(topic, partition, message);
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
            if (!isPermanent(error) && attempt >= maxAttempts && !(await this.databaseAnswers())) {
              // An outage, not a poison message: wait for the database, then start the attempts again.
              await this.awaitDatabase(heartbeat, { topic, partitions: [partition], err: error });
              attempt = 0;
              continue;
            }
            if (isPermanent(error) || attempt >= maxAttempts) {
              await this.deadLetter(topic, partition, message, key, headers, error, attempt);
              o.metrics.messages.inc({ topic, group: o.groupId, outcome: 'dead_lettered' });
              return;
            }
            o.metrics.messages.inc({ topic, group: o.groupId, outcome: 'retried' });
            const delay = this.backoff(attempt);
            o.logger.warn(
              {
                err: error,
                topic,
                partition,
                offset: message.offset,
                eventId: metadata.eventId,
                attempt,
                delay,
              },
              'event handling failed; retrying',
            );
            await sleep(delay);
            await heartbeat();
          }
        }
      },
    );
    o.metrics.processingSeconds.observe(
      { topic, group: o.groupId },
      Number(process.hrtime.bigint() - started) / 1e9,
    );
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
    const handler = this.handlerFor(topic);
    if (!handler) throw new PermanentEventError(`no handler for topic ${topic}`);
    const extras = (handler.extras ?? {}) as EventHandlerExtras;
    const decoded = this.decode(topic, message, key, headers, extras);
    if (!decoded.ok) throw decoded.error;

    let outcome: Outcome = 'processed';
    let outbox: Outbox | undefined;
    await pipelinedTransaction(
      o.dataSource,
      async (manager) => {
        const inserted =
          extras.dedupe === 'handler'
            ? [metadata.eventId]
            : await this.recordInbox(manager, [{ metadata, topic, partition, offset: message.offset }]);
        if (inserted.length === 0) {
          outcome = 'duplicate';
          return;
        }
        outbox = new Outbox(manager, o.publisher, this.schema, { deferWrites: true });
        let result: unknown;
        if (extras.batch) {
          result = await handler(
            [batchItem(decoded.value, { headers, metadata, key }, topic, partition, message)],
            new KafkaBatchContext([
              { topic, partitions: [partition], attempt, consumerGroup: o.groupId, manager, outbox },
            ]),
          );
        } else {
          const context = new KafkaEventContext([
            {
              topic,
              partition,
              offset: message.offset,
              key,
              headers,
              metadata,
              attempt,
              consumerGroup: o.groupId,
              manager,
              outbox,
            },
          ]);
          result = await handler(decoded.value, context);
        }
        await lastValueFrom(this.transformToObservable(result as Promise<unknown>), {
          defaultValue: undefined,
        });
      },
      () => outbox?.flushStatements() ?? [],
    );
    if (outbox) this.publishAfterCommit([topic], outbox);
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
    const details =
      err instanceof PermanentEventError && err.details
        ? ` ${JSON.stringify(err.details).slice(0, 4_000)}`
        : '';
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
    await o.publisher.publishRaw(TOPICS.deadLetter, [
      { key: key ?? topic, value: encoded.value, headers: encoded.headers },
    ]);
    o.logger.error(
      { err, topic, partition, offset: message.offset, attempts, kind: letter.errorKind },
      'event dead-lettered',
    );
  }

  /** Deletes inbox rows older than the retention. Returns how many. */
  async pruneInbox(retentionDays = this.options.inboxRetentionDays ?? 35): Promise<number> {
    const rows = (await this.options.dataSource.query(
      `WITH gone AS (DELETE FROM "${this.schema}".processed_events
         WHERE processed_at < now() - make_interval(days => $1) RETURNING 1) SELECT count(*)::int AS n FROM gone`,
      [retentionDays],
    )) as { n: number }[];
    return rows[0]?.n ?? 0;
  }

  /**
   * Whether the service's database answers. A transient failure while it does not is an outage, not a poison
   * message: the event waits for the database instead of being dead-lettered (nothing valid is dead-lettered for
   * want of infrastructure; a message that fails while everything answers still is, after its attempts).
   */
  private async databaseAnswers(): Promise<boolean> {
    const dataSource = this.options.dataSource;
    if (!dataSource.isInitialized) return false;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        dataSource.query('SELECT 1'),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('no answer within 5 s')), 5_000);
        }),
      ]);
      return true;
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Holds the batch's partitions, heartbeating so the group keeps them here, until the database answers. Gives up
   * (throws, nothing committed: the events are re-delivered) when the server is closing.
   */
  private async awaitDatabase(
    heartbeat: () => Promise<void>,
    context: { topic: string; partitions: number[]; err: unknown },
  ): Promise<void> {
    const o = this.options;
    const since = Date.now();
    o.logger.error(
      context,
      'database unavailable: holding these partitions until it answers (their events are not dead-lettered)',
    );
    o.metrics.databaseWaits.inc({ group: o.groupId });
    for (let attempt = 1; !(await this.databaseAnswers()); attempt++) {
      if (this.closing)
        throw new Error('closing while waiting for the database; the events will be re-delivered');
      await sleep(this.backoff(Math.min(attempt, 8)));
      await heartbeat();
    }
    o.logger.info(
      { topic: context.topic, partitions: context.partitions, waitedMs: Date.now() - since },
      'database answers again; resuming',
    );
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    // Stop fetching; kafkajs waits for the running batch, which commits what it finished, then leaves the group.
    // Commit what is done, then leave: kafkajs lets the running batch finish, whose offsets are not committed
    // (re-delivered to the next owner and absorbed by the inbox).
    await this.committer?.drain();
    this.committer?.stop();
    if (this.consumer) await this.consumer.disconnect();
    if (this.relay) {
      await this.relay.stop();
      try {
        // Everything committed is published before we go (the sweep would otherwise pick it up on next start).
        while ((await this.relay.sweepOnce(0)) > 0) {
          /* drain */
        }
      } catch (error) {
        this.options.logger.warn(
          { err: error },
          'final outbox flush failed; the next start will publish the rest',
        );
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
