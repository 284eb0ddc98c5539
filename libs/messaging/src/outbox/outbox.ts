import type { StringKeyOf, TopicDefinition } from '@riskstream/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import type { PublishOptions } from '../event-envelope.js';
import type { EventPublisher } from '../producer/event-publisher.js';

function qualified(schema: string): string {
  return `"${schema.replace(/"/g, '""')}".outbox`;
}

/** Adds events to the outbox inside the caller's transaction. */
export class Outbox {
  readonly addedIds: string[] = [];

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
    const encoded = this.publisher.encode(topic, event, options);
    const rows = (await this.manager.query(
      `INSERT INTO ${qualified(this.schema)} (event_id, topic, message_key, payload, headers)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (event_id) DO NOTHING RETURNING id`,
      [encoded.eventId, topic.name, encoded.key, encoded.value, JSON.stringify(encoded.headers)],
    )) as { id: string }[];
    for (const row of rows) this.addedIds.push(String(row.id));
    return encoded.eventId;
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
      events.slice(start, start + ROWS_PER_INSERT).forEach((event, i) => {
        const encoded = this.publisher.encode(topic, event, options(event, start + i));
        eventIds.push(encoded.eventId);
        const b = values.length;
        values.push(encoded.eventId, topic.name, encoded.key, encoded.value, JSON.stringify(encoded.headers));
        tuples.push(`($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5})`);
      });
      if (tuples.length === 0) continue;
      const rows = (await this.manager.query(
        `INSERT INTO ${qualified(this.schema)} (event_id, topic, message_key, payload, headers)
         VALUES ${tuples.join(', ')} ON CONFLICT (event_id) DO NOTHING RETURNING id`,
        values,
      )) as { id: string }[];
      for (const row of rows) this.addedIds.push(String(row.id));
    }
    return eventIds;
  }
}

/** Outbox rows per INSERT statement (PostgreSQL allows 65,535 bind parameters; a row takes 5). */
const ROWS_PER_INSERT = 1_000;

interface OutboxRow {
  id: string;
  topic: string;
  message_key: string | null;
  payload: string;
  headers: Record<string, string>;
}

/**
 * Moves committed outbox rows to Kafka. Called right after each handler transaction commits (low latency) and
 * by a periodic sweep that picks up whatever a crash left behind. Rows are locked with SKIP LOCKED so several
 * instances never publish the same row concurrently; a crash between send and mark re-sends the row with the
 * same event id, which consumers de-duplicate.
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
  ) {}

  /** Publishes the given rows (or the oldest pending ones) and marks them published. Returns the count. */
  async flush(ids?: readonly string[]): Promise<number> {
    if (ids && ids.length === 0) return 0;
    return this.dataSource.transaction(async (manager) => {
      const rows = (await manager.query(
        ids
          ? `SELECT id, topic, message_key, payload, headers FROM ${qualified(this.schema)}
             WHERE id = ANY($1::bigint[]) AND published_at IS NULL ORDER BY id FOR UPDATE SKIP LOCKED`
          : `SELECT id, topic, message_key, payload, headers FROM ${qualified(this.schema)}
             WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [ids ?? this.batchSize],
      )) as OutboxRow[];
      if (rows.length === 0) return 0;
      const byTopic = new Map<string, OutboxRow[]>();
      for (const row of rows) byTopic.set(row.topic, [...(byTopic.get(row.topic) ?? []), row]);
      for (const [topic, topicRows] of byTopic) {
        await this.publisher.publishRaw(
          topic,
          topicRows.map((r) => ({ key: r.message_key, value: r.payload, headers: r.headers })),
        );
      }
      await manager.query(
        `UPDATE ${qualified(this.schema)} SET published_at = now() WHERE id = ANY($1::bigint[])`,
        [rows.map((r) => r.id)],
      );
      return rows.length;
    });
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
      while ((await this.flush()) === this.batchSize) {
        /* keep draining */
      }
    } catch (error) {
      this.onError(error);
    }
  }
}
