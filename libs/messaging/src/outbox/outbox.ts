import type { StringKeyOf, TopicDefinition } from '@riskstream/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import type { PublishOptions } from '../event-envelope.js';
import type { EventPublisher } from '../producer/event-publisher.js';

function qualified(schema: string): string {
  return `"${schema.replace(/"/g, '""')}".outbox`;
}

/** Outbox rows per INSERT statement (PostgreSQL allows 65,535 bind parameters; a row takes 5). */
const ROWS_PER_INSERT = 1_000;

/** An outbox row as written: enough to publish it without reading it back. */
export interface OutboxMessage {
  id: string;
  topic: string;
  key: string | null;
  value: string;
  headers: Record<string, string>;
}

/** Adds events to the outbox inside the caller's transaction. */
export class Outbox {
  /** The rows this transaction wrote, in order: the relay publishes them once the transaction has committed. */
  readonly added: OutboxMessage[] = [];

  constructor(
    private readonly manager: EntityManager,
    private readonly publisher: EventPublisher,
    private readonly schema: string,
  ) {}

  async add<E extends object, K extends StringKeyOf<E>>(
    topic: TopicDefinition<E, K>,
    event: E,
    options: PublishOptions = {},
  ): Promise<string> {
    const [eventId] = await this.addMany(topic, [event], () => options);
    return eventId!;
  }

  /** Adds many events of one topic with multi-row inserts (one round trip per 1,000 events). */
  async addMany<E extends object, K extends StringKeyOf<E>>(
    topic: TopicDefinition<E, K>,
    events: readonly E[],
    options: (event: E, index: number) => PublishOptions,
  ): Promise<string[]> {
    const eventIds: string[] = [];
    for (let start = 0; start < events.length; start += ROWS_PER_INSERT) {
      const values: unknown[] = [];
      const tuples: string[] = [];
      const encoded = events.slice(start, start + ROWS_PER_INSERT).map((event, i) => {
        const e = this.publisher.encode(topic, event, options(event, start + i));
        eventIds.push(e.eventId);
        const b = values.length;
        values.push(e.eventId, topic.name, e.key, e.value, JSON.stringify(e.headers));
        tuples.push(`($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5})`);
        return e;
      });
      if (tuples.length === 0) continue;
      const rows = (await this.manager.query(
        `INSERT INTO ${qualified(this.schema)} (event_id, topic, message_key, payload, headers)
         VALUES ${tuples.join(', ')} ON CONFLICT (event_id) DO NOTHING RETURNING id, event_id`,
        values,
      )) as { id: string; event_id: string }[];
      const byEventId = new Map(encoded.map((e) => [e.eventId, e]));
      for (const row of rows) {
        const e = byEventId.get(row.event_id)!;
        this.added.push({
          id: String(row.id),
          topic: topic.name,
          key: e.key,
          value: e.value,
          headers: e.headers,
        });
      }
    }
    return eventIds;
  }
}

interface OutboxRow {
  id: string;
  topic: string;
  message_key: string | null;
  payload: string;
  headers: Record<string, string>;
}

/**
 * Moves committed outbox rows to Kafka and deletes them. The fast path runs right after each handler's
 * transaction commits, from the rows it still holds in memory (no read-back). A periodic sweep publishes what a
 * crash or a Kafka outage left behind: only rows older than `sweepAfterMs`, so it never races the fast path of a
 * live transaction, locked with SKIP LOCKED so several instances never publish the same row concurrently. A crash
 * between the send and the delete re-sends the row with the same event id, which consumers de-duplicate. (Rows
 * that carry a published_at were published by an earlier version, which marked rows instead of deleting them.)
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: EventPublisher,
    private readonly schema: string,
    private readonly onError: (error: unknown) => void,
    private readonly batchSize = 500,
    private readonly sweepAfterMs = 5_000,
  ) {}

  /** Publishes the rows a committed transaction wrote, then deletes them. */
  async publishCommitted(outbox: Outbox): Promise<void> {
    if (outbox.added.length === 0) return;
    await this.send(outbox.added);
    await this.dataSource.query(`DELETE FROM ${qualified(this.schema)} WHERE id = ANY($1::bigint[])`, [
      outbox.added.map((m) => m.id),
    ]);
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
      await this.send(
        rows.map((r) => ({
          id: String(r.id),
          topic: r.topic,
          key: r.message_key,
          value: r.payload,
          headers: r.headers,
        })),
      );
      await manager.query(`DELETE FROM ${qualified(this.schema)} WHERE id = ANY($1::bigint[])`, [
        rows.map((r) => r.id),
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
    for (const [topic, list] of byTopic) {
      await this.publisher.publishRaw(
        topic,
        list.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
      );
    }
  }

  start(intervalMs = 1_000): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.sweeping) return;
      this.sweeping = this.sweep().finally(() => (this.sweeping = undefined));
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.sweeping;
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
