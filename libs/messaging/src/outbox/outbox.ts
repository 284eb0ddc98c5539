import type { StringKeyOf, TopicDefinition } from '@riskstream/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import type { PublishOptions } from '../event-envelope.js';
import type { EventPublisher } from '../producer/event-publisher.js';

function qualified(schema: string): string {
  return `"${schema.replace(/"/g, '""')}".outbox`;
}

/** Outbox rows per INSERT statement (bounded so one statement's arrays stay a few MB). */
const ROWS_PER_INSERT = 2_000;

/** An outbox row as written: enough to publish it without reading it back. */
export interface OutboxMessage {
  id: string;
  topic: string;
  key: string | null;
  value: string;
  headers: Record<string, string>;
}

/** An event encoded for the outbox, not yet written. `value` is the event as JSON text. */
export interface PendingRow {
  eventId: string;
  topic: string;
  key: string | null;
  value: string;
  headers: Record<string, string>;
}

export interface OutboxOptions {
  /**
   * Buffer the events and write them all with one INSERT at flush() (which the owner of the transaction must
   * call before it commits): one round trip per transaction however many topics and calls added events.
   */
  deferWrites?: boolean;
}

/**
 * The rows of one INSERT as one JSON document (one parameter instead of five array literals escaped element by
 * element). Each payload is already JSON (EventPublisher.encode): it goes in as a JSON value, not as a string that
 * would be escaped again and unescaped by PostgreSQL. A `json` column of json_to_recordset() returns the value's
 * text exactly as written, so the stored payload is byte for byte the one the relay sends.
 */
export function outboxDocument(rows: readonly PendingRow[]): string {
  let doc = '[';
  for (let n = 0; n < rows.length; n++) {
    const r = rows[n]!;
    // PostgreSQL's JSON parser refuses \u0000 and lone surrogate escapes even inside a value it returns as text;
    // such a (rare) payload goes in as an escaped string ("s") instead.
    const payload = UNPARSABLE_ESCAPE.test(r.value) ? `"s":${JSON.stringify(r.value)}` : `"v":${r.value}`;
    doc += `${n === 0 ? '' : ','}{"n":${n},"e":${JSON.stringify(r.eventId)},"t":${JSON.stringify(r.topic)},"k":${
      r.key === null ? 'null' : JSON.stringify(r.key)
    },${payload},"h":${JSON.stringify(r.headers)}}`;
  }
  return `${doc}]`;
}

/** JSON escapes PostgreSQL cannot turn into text: NUL and (as JSON.stringify writes lone ones) surrogates. */
const UNPARSABLE_ESCAPE = /\\u(?:0000|d[89a-f])/i;

/**
 * Adds events to the outbox inside the caller's transaction. Event ids are not unique in the table (a unique
 * random-key index on a queue table costs more than it protects: a row leaves the table once sent, so it could
 * only catch a repeat within seconds); consumers recognise repeats by event id or business key. Within one
 * transaction an event id is written once.
 */
export class Outbox {
  /** The rows this transaction wrote, in order: the relay publishes them once the transaction has committed. */
  readonly added: OutboxMessage[] = [];
  private pending: PendingRow[] = [];
  private readonly eventIds = new Set<string>();

  constructor(
    private readonly manager: EntityManager,
    private readonly publisher: EventPublisher,
    private readonly schema: string,
    private readonly options: OutboxOptions = {},
  ) {}

  async add<E extends object, K extends StringKeyOf<E>>(
    topic: TopicDefinition<E, K>,
    event: E,
    options: PublishOptions = {},
  ): Promise<string> {
    const [eventId] = await this.addMany(topic, [event], () => options);
    return eventId!;
  }

  /**
   * Adds many events of one topic, in order. Written at once (or at flush() with deferWrites) with INSERTs over
   * one JSON document of up to 2,000 rows: the statement text never changes with the batch size, so PostgreSQL
   * parses and plans it once per connection instead of per batch.
   */
  async addMany<E extends object, K extends StringKeyOf<E>>(
    topic: TopicDefinition<E, K>,
    events: readonly E[],
    options: (event: E, index: number) => PublishOptions,
  ): Promise<string[]> {
    const eventIds = events.map((event, i) => {
      const e = this.publisher.encode(topic, event, options(event, i));
      if (!this.eventIds.has(e.eventId)) {
        this.eventIds.add(e.eventId);
        this.pending.push({
          eventId: e.eventId,
          topic: topic.name,
          key: e.key,
          value: e.value,
          headers: e.headers,
        });
      }
      return e.eventId;
    });
    if (!this.options.deferWrites) await this.flush();
    return eventIds;
  }

  /** Writes the events added since the last flush. */
  async flush(): Promise<void> {
    const rows = this.pending;
    this.pending = [];
    for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
      const chunk = rows.slice(start, start + ROWS_PER_INSERT);
      const ids = (await this.manager.query(
        `INSERT INTO ${qualified(this.schema)} (event_id, topic, message_key, payload, headers)
         SELECT e, t, k, coalesce(s, v::text), h
           FROM json_to_recordset($1::json) AS u(n int, e text, t text, k text, v json, s text, h jsonb)
          ORDER BY n
         RETURNING id`,
        [outboxDocument(chunk)],
      )) as { id: string }[];
      if (ids.length !== chunk.length)
        throw new Error(`outbox insert wrote ${ids.length} of ${chunk.length} rows`);
      // Publishing order is the order the handler added the events (per-key order on the topic), from memory;
      // the ids only serve to delete the rows once sent (as a set).
      chunk.forEach((r, i) =>
        this.added.push({
          id: String(ids[i]!.id),
          topic: r.topic,
          key: r.key,
          value: r.value,
          headers: r.headers,
        }),
      );
    }
  }
}

interface OutboxRow {
  id: string;
  topic: string;
  message_key: string | null;
  payload: string;
  headers: Record<string, string>;
}

interface Delivery {
  messages: readonly OutboxMessage[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Moves committed outbox rows to Kafka and deletes them. The fast path runs right after each handler's
 * transaction commits, from the rows it still holds in memory (no read-back): deliveries queue in commit order
 * and one pump sends whatever has queued in as few produce requests as possible (per-key order holds because
 * the queue is FIFO and the producer keeps one request in flight). Sent rows are deleted behind the sends, in
 * one statement for whatever has accumulated, so the next send never waits for a delete. A sweep publishes what
 * a crash or a Kafka outage left behind: only rows older than `sweepAfterMs`, so it never races the fast path of
 * a live transaction, locked with SKIP LOCKED so several instances never publish the same row concurrently. It
 * runs as soon as a failed send's rows are old enough, and periodically for what other instances left (every
 * 10 s by default: each pass scans the table, whose pages stay as many as its largest backlog needed). A crash between the send and the delete re-sends the row with the same event id, which consumers
 * de-duplicate. (Rows that carry a published_at were published by an earlier version, which marked rows instead
 * of deleting them.)
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;
  private queue: Delivery[] = [];
  private queued = 0;
  private pumping: Promise<void> | undefined;
  private readonly capacityWaiters: (() => void)[] = [];
  /** Ids of sent rows not yet deleted, and the loop deleting them. */
  private sent: string[] = [];
  private deleting: Promise<void> | undefined;
  private lastDelete = -Infinity;
  /** The sweep a failed send scheduled (see sweepSoon). */
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: EventPublisher,
    private readonly schema: string,
    private readonly onError: (error: unknown) => void,
    private readonly batchSize = 500,
    private readonly sweepAfterMs = 5_000,
    /** Messages queued for the fast path above which producers of work should wait (see waitForCapacity). */
    private readonly maxQueued = 20_000,
  ) {}

  /**
   * Queues the rows a committed transaction wrote; resolves once they are sent (their rows are deleted behind).
   * A failed send rejects, and the rows stay in the table for the sweep.
   */
  publishCommitted(outbox: Outbox): Promise<void> {
    if (outbox.added.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ messages: outbox.added, resolve, reject });
      this.queued += outbox.added.length;
      this.pumping ??= this.pump().finally(() => (this.pumping = undefined));
    });
  }

  /**
   * A unit of work outside a consumer (a REST request, a timer): `work` runs in one transaction with an outbox, and
   * its events are published once it has committed. A failed publish goes to onError instead of being thrown: the
   * work is committed, and the sweep publishes the rows later.
   */
  async transaction<T>(work: (manager: EntityManager, outbox: Outbox) => Promise<T>): Promise<T> {
    let outbox: Outbox | undefined;
    const result = await this.dataSource.transaction(async (manager) => {
      outbox = new Outbox(manager, this.publisher, this.schema, { deferWrites: true });
      const value = await work(manager, outbox);
      await outbox.flush();
      return value;
    });
    if (outbox) await this.publishCommitted(outbox).catch((error: unknown) => this.onError(error));
    return result;
  }

  /** Backpressure for consumers that do not await publishCommitted: resolves while the queue is short enough. */
  async waitForCapacity(): Promise<void> {
    while (this.queued > this.maxQueued) await new Promise<void>((r) => this.capacityWaiters.push(r));
  }

  /** Resolves once everything queued so far has been sent (or has failed) and the sent rows are deleted. */
  async flush(): Promise<void> {
    while (this.pumping || this.deleting) await (this.pumping ?? this.deleting);
  }

  private async pump(): Promise<void> {
    while (this.queue.length > 0) {
      const deliveries = this.queue;
      this.queue = [];
      const messages = deliveries.flatMap((d) => d.messages);
      try {
        await this.send(messages);
        for (const m of messages) this.sent.push(m.id);
        this.deleting ??= this.deleteLoop().finally(() => (this.deleting = undefined));
        for (const d of deliveries) d.resolve();
      } catch (error) {
        for (const d of deliveries) d.reject(error);
        this.sweepSoon();
      } finally {
        this.queued -= messages.length;
        if (this.queued <= this.maxQueued) this.capacityWaiters.splice(0).forEach((wake) => wake());
      }
    }
  }

  /**
   * Deletes sent rows: what has accumulated, in one statement at most every 100 ms (one per send would be one per
   * transaction). A failure leaves them to the sweep.
   */
  private async deleteLoop(): Promise<void> {
    while (this.sent.length > 0) {
      const wait = this.lastDelete + 100 - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      this.lastDelete = performance.now();
      const ids = this.sent;
      this.sent = [];
      try {
        await this.dataSource.query(`DELETE FROM ${qualified(this.schema)} WHERE id = ANY($1::bigint[])`, [
          ids,
        ]);
      } catch (error) {
        this.onError(error);
      }
    }
  }

  /** Publishes and deletes the oldest rows left behind (older than sweepAfterMs). Returns how many. */
  async sweepOnce(olderThanMs = this.sweepAfterMs): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows = (await manager.query(
        `SELECT id, topic, message_key, payload, headers FROM ${qualified(this.schema)}
          WHERE published_at IS NULL AND created_at <= now() - make_interval(secs => $2::double precision / 1000)
          ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.batchSize, olderThanMs],
      )) as OutboxRow[];
      if (rows.length === 0) return 0;
      const messages = rows.map((r) => ({
        id: String(r.id),
        topic: r.topic,
        key: r.message_key,
        value: r.payload,
        headers: r.headers,
      }));
      await this.send(messages);
      await manager.query(`DELETE FROM ${qualified(this.schema)} WHERE id = ANY($1::bigint[])`, [
        messages.map((m) => m.id),
      ]);
      return rows.length;
    });
  }

  private async send(messages: readonly OutboxMessage[]): Promise<void> {
    const byTopic = new Map<string, OutboxMessage[]>();
    for (const m of messages) {
      const list = byTopic.get(m.topic);
      if (list) list.push(m);
      else byTopic.set(m.topic, [m]);
    }
    await this.publisher.publishRawBatch(
      [...byTopic].map(([topic, list]) => ({
        topic,
        messages: list.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
      })),
    );
  }

  start(intervalMs = 10_000): void {
    if (this.timer) return;
    this.stopped = false;
    this.timer = setInterval(() => this.sweepInBackground(), intervalMs);
    this.timer.unref();
    // What a crash left behind goes out shortly after a restart, once the producer has connected.
    this.sweepSoon();
  }

  /**
   * A send failed: its rows are in the table, and the sweep takes them once they are older than sweepAfterMs
   * (not at the next periodic pass, which may be many seconds away).
   */
  private sweepSoon(): void {
    if (this.retry || this.stopped) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.sweepInBackground();
    }, this.sweepAfterMs + 100);
    this.retry.unref();
  }

  private sweepInBackground(): void {
    if (this.sweeping) return;
    this.sweeping = this.sweep().finally(() => (this.sweeping = undefined));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.retry) clearTimeout(this.retry);
    this.retry = undefined;
    await this.sweeping;
    await this.flush();
  }

  private async sweep(): Promise<void> {
    try {
      while ((await this.sweepOnce()) === this.batchSize) {
        /* keep draining */
      }
    } catch (error) {
      this.onError(error);
    }
  }
}
