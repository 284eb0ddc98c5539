import type { StringKeyOf, TopicDefinition } from '@riskstream/contracts';
import { binaryArray, pipelinedTransaction, type FinalStatement } from '@riskstream/persistence';
import type { DataSource, EntityManager } from 'typeorm';
import type { PublishOptions } from '../event-envelope.js';
import type { EventPublisher } from '../producer/event-publisher.js';
import { decodeOutboxBatch, encodeOutboxBatch, type OutboxEntry } from './outbox-batch.codec.js';

function quote(schema: string): string {
  return `"${schema.replace(/"/g, '""')}"`;
}

/** Where events are written: one row per transaction (see encodeOutboxBatch). */
const batchTable = (schema: string) => `${quote(schema)}.outbox_batch`;

/**
 * One row per event, as versions before the batch table wrote them. Still drained by the sweep, so an upgrade
 * loses nothing that an instance of the previous version committed; dropped by a later release.
 */
const legacyTable = (schema: string) => `${quote(schema)}.outbox`;

/**
 * Events per outbox row: a transaction adding more writes several rows. Bounds a row (~1 MB before compression)
 * and what one produce request of the sweep carries per partition (the broker takes 1 MB per record batch).
 */
const EVENTS_PER_ROW = 2_000;

/** An event written to the outbox: enough to publish it without reading it back, and the row holding it. */
export interface OutboxMessage extends OutboxEntry {
  /** The outbox row (shared by the events of one transaction) to delete once they are all sent. */
  rowId: string;
}

export interface OutboxOptions {
  /**
   * Buffer the events and write them all at flush() (which the owner of the transaction must call before it
   * commits): one row and one round trip per transaction however many topics and calls added events.
   */
  deferWrites?: boolean;
}

/**
 * Adds events to the outbox inside the caller's transaction. Event ids are not unique in the table (consumers
 * recognise repeats by event id or business key); within one transaction an event id is written once.
 */
export class Outbox {
  /** The events this transaction wrote, in order: the relay publishes them once the transaction has committed. */
  readonly added: OutboxMessage[] = [];
  private pending: OutboxEntry[] = [];
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

  /** Adds many events of one topic, in order. Written at once, or at flush() with deferWrites. */
  async addMany<E extends object, K extends StringKeyOf<E>>(
    topic: TopicDefinition<E, K>,
    events: readonly E[],
    options: (event: E, index: number) => PublishOptions,
  ): Promise<string[]> {
    const context = this.publisher.batchContext();
    const eventIds = events.map((event, i) => {
      const e = this.publisher.encode(topic, event, options(event, i), context);
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

  /** Writes the events added since the last flush: one row per 2,000 events. */
  async flush(): Promise<void> {
    for (const s of this.flushStatements())
      s.onRows?.((await this.manager.query(s.sql, [...s.parameters])) as Record<string, unknown>[]);
  }

  /**
   * The INSERTs that write the events added since the last flush (one row per 2,000 events), for an owner of the
   * transaction that sends them itself, with its COMMIT (see pipelinedTransaction). Their rows (the row ids) must
   * reach onRows before the relay publishes `added`.
   */
  flushStatements(): FinalStatement[] {
    const entries = this.pending;
    this.pending = [];
    const statements: FinalStatement[] = [];
    for (let start = 0; start < entries.length; start += EVENTS_PER_ROW) {
      const chunk = entries.slice(start, start + EVENTS_PER_ROW);
      statements.push({
        sql: `INSERT INTO ${batchTable(this.schema)} (events, messages) VALUES ($1, $2) RETURNING id`,
        parameters: [chunk.length, encodeOutboxBatch(chunk)],
        onRows: (rows) => {
          const rowId = String(rows[0]!['id']);
          // Publishing order is the order the handler added the events (per-key order on the topic), from memory.
          for (const entry of chunk) this.added.push({ ...entry, rowId });
        },
      });
    }
    return statements;
  }
}

/** The events the outbox of a schema holds (committed, not yet sent), oldest first: for tests and operators. */
export async function pendingOutboxEvents(
  queryable: Pick<DataSource, 'query'>,
  schema: string,
): Promise<OutboxMessage[]> {
  const legacy = (await queryable.query(
    `SELECT id, topic, message_key, payload, headers, event_id FROM ${legacyTable(schema)}
      WHERE published_at IS NULL ORDER BY id`,
  )) as OutboxRow[];
  const batches = (await queryable.query(
    `SELECT id, messages FROM ${batchTable(schema)} ORDER BY id`,
  )) as BatchRow[];
  return [...legacy.map(fromLegacyRow), ...batches.flatMap(fromBatchRow)];
}

interface OutboxRow {
  id: string;
  event_id: string;
  topic: string;
  message_key: string | null;
  payload: string;
  headers: Record<string, string>;
}

interface BatchRow {
  id: string;
  messages: Buffer;
}

const fromLegacyRow = (r: OutboxRow): OutboxMessage => ({
  rowId: String(r.id),
  eventId: r.event_id,
  topic: r.topic,
  key: r.message_key,
  value: r.payload,
  headers: r.headers,
});

const fromBatchRow = (r: BatchRow): OutboxMessage[] =>
  decodeOutboxBatch(r.messages).map((entry) => ({ ...entry, rowId: String(r.id) }));

/** Outbox rows per sweep transaction: each is sent in a produce request of its own (≤ 2,000 events). */
const SWEEP_ROWS = 10;

interface Delivery {
  messages: readonly OutboxMessage[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Moves committed outbox rows to Kafka and deletes them. The fast path runs right after each handler's
 * transaction commits, from the events it still holds in memory (no read-back): deliveries queue in commit order
 * and one pump sends whatever has queued in as few produce requests as possible (per-key order holds because
 * the queue is FIFO and the producer keeps one request in flight). Sent rows are deleted behind the sends, in
 * one statement for whatever has accumulated, so the next send never waits for a delete. A sweep publishes what
 * a crash or a Kafka outage left behind: only rows older than `sweepAfterMs`, so it never races the fast path of
 * a live transaction, locked with SKIP LOCKED so several instances never publish the same row concurrently. It
 * runs as soon as a failed send's rows are old enough, and periodically for what other instances left (every
 * 10 s by default). A crash between the send and the delete re-sends the row's events with the same event ids,
 * which consumers de-duplicate.
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;
  private queue: Delivery[] = [];
  private queued = 0;
  private pumping: Promise<void> | undefined;
  private readonly capacityWaiters: (() => void)[] = [];
  /** Ids of rows whose events are all sent, not yet deleted, and the loop deleting them. */
  private sent = new Set<string>();
  private deleting: Promise<void> | undefined;
  private lastDelete = -Infinity;
  /** The sweep a failed send scheduled (see sweepSoon). */
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;
  /**
   * The periodic sweep has found the per-event legacy table empty once since this relay started. It stops looking
   * there: scanning that table (empty, but as large as its largest backlog) cost ~12 ms a pass. Rows a
   * still-running instance of the previous version writes are its own relay's; if it dies, the instance that
   * replaces it starts with this flag down.
   */
  private legacyDrained = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: EventPublisher,
    private readonly schema: string,
    private readonly onError: (error: unknown) => void,
    /** Rows of the per-event legacy table per sweep transaction. */
    private readonly batchSize = 500,
    private readonly sweepAfterMs = 5_000,
    /** Messages queued for the fast path above which producers of work should wait (see waitForCapacity). */
    private readonly maxQueued = 20_000,
  ) {}

  /**
   * Queues the events a committed transaction wrote; resolves once they are sent (their rows are deleted behind).
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
    const result = await pipelinedTransaction(
      this.dataSource,
      (manager) => {
        outbox = new Outbox(manager, this.publisher, this.schema, { deferWrites: true });
        return work(manager, outbox);
      },
      () => outbox?.flushStatements() ?? [],
    );
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
        // A delivery holds every event of its transaction's rows, so they are all sent now.
        for (const m of messages) this.sent.add(m.rowId);
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
    while (this.sent.size > 0) {
      const wait = this.lastDelete + 100 - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      this.lastDelete = performance.now();
      const ids = [...this.sent];
      this.sent = new Set();
      try {
        await this.dataSource.query(`DELETE FROM ${batchTable(this.schema)} WHERE id = ANY($1::int8[])`, [
          binaryArray('int8', ids),
        ]);
      } catch (error) {
        this.onError(error);
      }
    }
  }

  /** Publishes and deletes the oldest events left behind (older than sweepAfterMs). Returns how many. */
  async sweepOnce(olderThanMs = this.sweepAfterMs): Promise<number> {
    return (await this.sweepRound(olderThanMs, true)).events;
  }

  /** One sweep transaction; `full` when it took as many rows as it may (more may be waiting). */
  private sweepRound(olderThanMs: number, withLegacy: boolean): Promise<{ events: number; full: boolean }> {
    const age = `created_at <= now() - make_interval(secs => $2::double precision / 1000)`;
    return this.dataSource.transaction(async (manager) => {
      // Rows an instance of the previous version committed are older than any batch row: first.
      const legacy = withLegacy
        ? ((await manager.query(
            `SELECT id, event_id, topic, message_key, payload, headers FROM ${legacyTable(this.schema)}
              WHERE published_at IS NULL AND ${age} ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
            [this.batchSize, olderThanMs],
          )) as OutboxRow[])
        : [];
      if (withLegacy && legacy.length === 0) this.legacyDrained = true;
      if (legacy.length > 0) {
        await this.send(legacy.map(fromLegacyRow));
        await manager.query(`DELETE FROM ${legacyTable(this.schema)} WHERE id = ANY($1::bigint[])`, [
          legacy.map((r) => r.id),
        ]);
        return { events: legacy.length, full: true };
      }
      const rows = (await manager.query(
        `SELECT id, messages FROM ${batchTable(this.schema)}
          WHERE ${age} ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [SWEEP_ROWS, olderThanMs],
      )) as BatchRow[];
      let events = 0;
      // Row by row, in commit order: a produce request per row stays within the broker's record batch size.
      for (const row of rows) {
        const messages = fromBatchRow(row);
        await this.send(messages);
        events += messages.length;
      }
      if (rows.length > 0)
        await manager.query(`DELETE FROM ${batchTable(this.schema)} WHERE id = ANY($1::bigint[])`, [
          rows.map((r) => r.id),
        ]);
      return { events, full: rows.length === SWEEP_ROWS };
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
      while ((await this.sweepRound(this.sweepAfterMs, !this.legacyDrained)).full) {
        /* keep draining */
      }
    } catch (error) {
      this.onError(error);
    }
  }
}
