import { randomUUID } from 'node:crypto';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import {
  TOPICS,
  type AccountServicingEventV1,
  type CollectionContactOutcomeV1,
  type DeadLetterV1,
  type LoanOutcomeV1,
} from '@riskstream/contracts';
import { runMigrations, serviceDataSourceOptions } from '@riskstream/persistence';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import pino from 'pino';
import { Registry } from 'prom-client';
import { DataSource, type EntityManager } from 'typeorm';
import { PermanentEventError } from '../errors.js';
import {
  messagingTablesMigration,
  messagingTableUpgrades,
  Outbox,
  OutboxBatchEntity,
  OutboxMessageEntity,
  OutboxRelay,
  pendingOutboxEvents,
  ProcessedEventEntity,
} from '../index.js';
import { EventPublisher } from '../producer/event-publisher.js';
import type { BatchItem, KafkaBatchContext, KafkaEventContext } from './kafka-event.context.js';
import { KafkaEventServer, type KafkaEventServerOptions } from './kafka-event.server.js';
import { MessagingMetrics } from './messaging-metrics.js';

const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://riskstream:riskstream@127.0.0.1:5433/riskstream';
const SCHEMA = 'messaging_test';

/** A data source on the test schema, with only the inbox and outbox tables. */
function testDataSource(serviceName: string): DataSource {
  return new DataSource(
    serviceDataSourceOptions({
      url: DATABASE_URL,
      schema: SCHEMA,
      serviceName,
      entities: [ProcessedEventEntity, OutboxBatchEntity, OutboxMessageEntity],
      // The same upgrades every service registers.
      migrations: [messagingTablesMigration(SCHEMA, 1763780000001), ...messagingTableUpgrades(SCHEMA)],
    }),
  );
}

async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A Kafka client, data source, publisher and consumer-group name of their own for one suite. */
function rig(name: string) {
  const run = randomUUID().slice(0, 8);
  const kafka = new Kafka({ clientId: `${name}-${run}`, brokers: BROKERS, logLevel: logLevel.NOTHING });
  const dataSource = testDataSource(name);
  const publisher = new EventPublisher(kafka, name);
  const group = `${name}-${run}`;
  /** Migrates and opens the data source, and returns a server on them (not listening yet). */
  const server = async (options: Partial<KafkaEventServerOptions> = {}) => {
    await runMigrations(dataSource);
    await dataSource.initialize();
    return new KafkaEventServer({
      kafka,
      groupId: group,
      publisher,
      dataSource,
      logger: pino({ level: 'silent' }),
      metrics: new MessagingMetrics(new Registry()),
      ...options,
    });
  };
  return { run, kafka, dataSource, publisher, group, server };
}

/** Starts the server and waits until its consumer has joined the group. */
async function listen(server: KafkaEventServer): Promise<void> {
  await new Promise<void>((resolve, reject) =>
    server.listen((err?: unknown) => (err ? reject(err) : resolve())),
  );
  await waitFor('consumer to join', () => (server.healthy ? true : undefined));
}

/**
 * The consumer transport against the real broker and database: retries, dead letters, the inbox and the
 * outbox. Uses the loan-outcome topic with a consumer group of its own and ignores events of other runs.
 */
describe('KafkaEventServer (real Kafka + PostgreSQL)', () => {
  const run = randomUUID().slice(0, 8);
  const kafka = new Kafka({
    clientId: `messaging-test-${run}`,
    brokers: BROKERS,
    logLevel: logLevel.NOTHING,
  });
  const dataSource = testDataSource('messaging-test');
  const publisher = new EventPublisher(kafka, 'messaging-test');
  const seen: { customerId: string; attempt: number; eventId: string }[] = [];
  const behaviour = new Map<string, (attempt: number) => void>();
  let server: KafkaEventServer;
  let dlqConsumer: Consumer;
  const deadLetters: DeadLetterV1[] = [];
  const scores: string[] = [];

  const outcome = (customerId: string): LoanOutcomeV1 => ({
    applicationId: randomUUID(),
    customerId,
    defaulted: false,
    observationWindowDays: 90,
    observedAt: new Date().toISOString(),
  });

  beforeAll(async () => {
    await runMigrations(dataSource);
    await dataSource.initialize();
    server = new KafkaEventServer({
      kafka,
      groupId: `messaging-test-${run}`,
      publisher,
      dataSource,
      logger: pino({ level: 'silent' }),
      metrics: new MessagingMetrics(new Registry()),
      maxAttempts: 3,
      initialBackoffMs: 50,
      maxBackoffMs: 200,
    });
    server.addHandler(
      TOPICS.loanOutcome.name,
      async (event: LoanOutcomeV1, ctx: KafkaEventContext) => {
        if (!event.customerId.startsWith(run) || event.customerId.endsWith('-echo')) return;
        seen.push({ customerId: event.customerId, attempt: ctx.attempt, eventId: ctx.metadata.eventId });
        behaviour.get(event.customerId)?.(ctx.attempt);
        // An event published through the outbox only if this transaction commits.
        await ctx.outbox.add(
          TOPICS.loanOutcome,
          { ...event, customerId: `${event.customerId}-echo`, applicationId: randomUUID() },
          { causationId: ctx.metadata.eventId },
        );
      },
      true,
      { raw: false },
    );
    dlqConsumer = kafka.consumer({ groupId: `messaging-test-dlq-${run}` });
    await dlqConsumer.connect();
    await dlqConsumer.subscribe({
      topics: [TOPICS.deadLetter.name, TOPICS.loanOutcome.name],
      fromBeginning: false,
    });
    await dlqConsumer.run({
      eachMessage: async ({ topic, message }) => {
        const body = JSON.parse(message.value!.toString()) as Record<string, unknown>;
        if (topic === TOPICS.deadLetter.name && String(body.consumerGroup).endsWith(run))
          deadLetters.push(body as unknown as DeadLetterV1);
        if (topic === TOPICS.loanOutcome.name && String(body.customerId).endsWith('-echo'))
          scores.push(String(body.customerId));
      },
    });
    await listen(server);
    // Let the DLQ consumer get its partitions before anything is produced (it reads from the latest offset).
    await new Promise((r) => setTimeout(r, 3_000));
  });

  afterAll(async () => {
    await server?.close();
    await dlqConsumer?.disconnect();
    await publisher.disconnect();
    await dataSource.destroy();
  });

  it('processes an event once and publishes its outbox event after commit', async () => {
    const id = `${run}-ok`;
    await publisher.publish(TOPICS.loanOutcome, [outcome(id)]);
    await waitFor('the echo event', () => (scores.includes(`${id}-echo`) ? true : undefined));
    expect(seen.filter((s) => s.customerId === id)).toHaveLength(1);
    // The sent row is deleted behind the send.
    const left = async () =>
      (
        (await dataSource.query(`SELECT count(*)::int AS n FROM ${SCHEMA}.outbox_batch`)) as { n: number }[]
      )[0]!.n;
    await waitFor('the outbox to be empty', async () => ((await left()) === 0 ? true : undefined), 5_000);
  });

  /** Storage options of an outbox table and of its TOAST table. */
  const outboxStorageOptions = async (table: 'outbox' | 'outbox_batch') =>
    (
      (await dataSource.query(
        `SELECT c.reloptions, t.reloptions AS toast FROM pg_class c
           JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_class t ON t.oid = c.reltoastrelid
          WHERE n.nspname = $1 AND c.relname = $2`,
        [SCHEMA, table],
      )) as { reloptions: string[] | null; toast: string[] | null }[]
    )[0];

  it('keeps VACUUM from truncating the outbox (its exclusive lock would stall every writer)', async () => {
    expect((await outboxStorageOptions('outbox_batch'))?.reloptions).toContain('vacuum_truncate=false');
    expect((await outboxStorageOptions('outbox_batch'))?.toast).toContain('vacuum_truncate=false');
    expect((await outboxStorageOptions('outbox'))?.reloptions).toContain('vacuum_truncate=false');
  });

  it('has autovacuum analyse the outbox after a million changes, not every few dozen', async () => {
    for (const table of ['outbox', 'outbox_batch'] as const)
      expect((await outboxStorageOptions(table))?.reloptions).toEqual(
        expect.arrayContaining(['autovacuum_analyze_threshold=1000000', 'autovacuum_analyze_scale_factor=0']),
      );
  });

  it('stores the compressed batch out of line as it is (PostgreSQL does not compress it again)', async () => {
    const rows = (await dataSource.query(
      `SELECT attstorage FROM pg_attribute
        WHERE attrelid = $1::regclass AND attname = 'messages'`,
      [`${SCHEMA}.outbox_batch`],
    )) as { attstorage: string }[];
    expect(rows[0]?.attstorage).toBe('e');
  });

  it('publishes outbox rows a crash left behind (committed, never sent) through the sweep', async () => {
    const id = `${run}-orphan`;
    await dataSource.transaction(async (manager) => {
      // Written and committed, but the process "dies" before the fast path publishes it.
      await new Outbox(manager, publisher, SCHEMA).add(TOPICS.loanOutcome, outcome(`${id}-echo`));
    });
    expect(await server.outboxRelay!.sweepOnce(0)).toBeGreaterThanOrEqual(1);
    await waitFor('the orphaned event', () => (scores.includes(`${id}-echo`) ? true : undefined));
    expect(await pendingOutboxEvents(dataSource, SCHEMA)).toEqual([]);
  });

  it('publishes the rows an instance of the previous version left in the per-event table', async () => {
    const id = `${run}-legacy`;
    const encoded = publisher.encode(TOPICS.loanOutcome, outcome(`${id}-echo`));
    await dataSource.query(
      `INSERT INTO ${SCHEMA}.outbox (event_id, topic, message_key, payload, headers, created_at)
       VALUES ($1, $2, $3, $4, $5, now() - interval '1 minute')`,
      [encoded.eventId, TOPICS.loanOutcome.name, encoded.key, encoded.value, encoded.headers],
    );
    expect((await pendingOutboxEvents(dataSource, SCHEMA)).map((m) => m.value)).toEqual([encoded.value]);
    // (The server's own first sweep, ~5 s after its start, may take it first: either way the relay sends it.)
    await server.outboxRelay!.sweepOnce();
    await waitFor('the legacy event', () => (scores.includes(`${id}-echo`) ? true : undefined));
    expect(await pendingOutboxEvents(dataSource, SCHEMA)).toEqual([]);
  });

  it('sweeps a failed send as soon as its rows are old enough, not at the next periodic pass', async () => {
    const customerId = `${run}-retried-echo`;
    let failures = 1;
    const flaky = Object.create(publisher) as EventPublisher;
    flaky.publishRawBatch = async (batches) => {
      if (failures-- > 0) throw new Error('broker unreachable (injected)');
      return publisher.publishRawBatch(batches);
    };
    const errors: unknown[] = [];
    // Never start()ed, so no periodic sweep; rows count as left behind after 300 ms (the service's relay waits 5 s).
    const relay = new OutboxRelay(dataSource, flaky, SCHEMA, (error) => errors.push(error), 500, 300);
    try {
      const sent = Date.now();
      await relay.transaction((_, outbox) => outbox.add(TOPICS.loanOutcome, outcome(customerId)));
      expect(errors).toHaveLength(1);
      await waitFor('the retried event', () => (scores.includes(customerId) ? true : undefined), 10_000);
      // Well before the service relay's sweep could have taken a row (5 s old, then up to 10 s between passes).
      expect(Date.now() - sent).toBeLessThan(4_000);
    } finally {
      await relay.stop();
    }
  });

  it('stops scanning the per-event table once a periodic sweep has found it empty', async () => {
    const statements: string[] = [];
    const recording = Object.create(dataSource) as DataSource;
    recording.transaction = (async (work: (manager: EntityManager) => Promise<unknown>) =>
      dataSource.transaction((manager) => {
        const spy = Object.create(manager) as EntityManager;
        spy.query = ((sql: string, parameters?: unknown[]) => {
          statements.push(sql);
          return manager.query(sql, parameters);
        }) as EntityManager['query'];
        return work(spy);
      })) as DataSource['transaction'];
    const relay = new OutboxRelay(recording, publisher, SCHEMA, () => undefined, 500, 100);
    relay.start(150);
    try {
      await waitFor(
        'four sweeps',
        () => (statements.filter((q) => q.includes('.outbox_batch')).length >= 4 ? true : undefined),
        5_000,
      );
    } finally {
      await relay.stop();
    }
    expect(statements.filter((q) => /FROM "[^"]+"\.outbox\s/.test(q))).toHaveLength(1);
    // An explicit sweep (as at shutdown) still looks there.
    await relay.sweepOnce(0);
    expect(statements.filter((q) => /FROM "[^"]+"\.outbox\s/.test(q))).toHaveLength(2);
  });

  it('writes a deferred outbox as one row at flush, in the order added, each event id once', async () => {
    const id = `${run}-deferred`;
    const repeated = randomUUID();
    const outbox = await dataSource.transaction(async (manager) => {
      const o = new Outbox(manager, publisher, SCHEMA, { deferWrites: true });
      await o.addMany(TOPICS.loanOutcome, [outcome(`${id}-1`), outcome(`${id}-2`)], (_e, i) =>
        i === 0 ? { eventId: repeated } : {},
      );
      await o.add(TOPICS.loanOutcome, outcome(`${id}-3`), { eventId: repeated });
      expect(await pendingOutboxEvents(manager, SCHEMA)).toEqual([]);
      await o.flush();
      expect(await pendingOutboxEvents(manager, SCHEMA)).toEqual(o.added);
      return o;
    });
    expect(outbox.added.map((m) => (JSON.parse(m.value) as LoanOutcomeV1).customerId)).toEqual([
      `${id}-1`,
      `${id}-2`,
    ]);
    expect(new Set(outbox.added.map((m) => m.rowId)).size).toBe(1);
    await dataSource.query(`DELETE FROM ${SCHEMA}.outbox_batch WHERE id = $1`, [outbox.added[0]!.rowId]);
  });

  it('stores each payload byte for byte as the relay sends it, whatever characters it holds', async () => {
    const id = `${run}-bytes`;
    const events = [`${id}-"q" \\ é😀\u2028\t<&>`, `${id}-\u0000-\u001f-\ud7ff`, `${id}-lone \ud800`].map(
      outcome,
    );
    const outbox = await dataSource.transaction(async (manager) => {
      const o = new Outbox(manager, publisher, SCHEMA, { deferWrites: true });
      await o.addMany(TOPICS.loanOutcome, events, () => ({}));
      await o.flush();
      return o;
    });
    const stored = (await pendingOutboxEvents(dataSource, SCHEMA)).filter(
      (m) => m.rowId === outbox.added[0]!.rowId,
    );
    expect(stored.map((m) => m.value)).toEqual(events.map((e) => JSON.stringify(e)));
    expect(stored).toEqual(outbox.added);
    await dataSource.query(`DELETE FROM ${SCHEMA}.outbox_batch WHERE id = $1`, [outbox.added[0]!.rowId]);
  });

  it('prunes inbox rows older than the retention, and only those', async () => {
    const old = randomUUID();
    const recent = randomUUID();
    await dataSource.query(
      `INSERT INTO ${SCHEMA}.processed_events (consumer_group, event_id, topic, partition, "offset", processed_at)
       VALUES ($1, $2, 't', 0, 0, now() - interval '40 days'), ($1, $3, 't', 0, 1, now() - interval '1 day')`,
      [`prune-${run}`, old, recent],
    );
    expect(await server.pruneInbox(35)).toBeGreaterThanOrEqual(1);
    const rows = (await dataSource.query(
      `SELECT event_id FROM ${SCHEMA}.processed_events WHERE consumer_group = $1`,
      [`prune-${run}`],
    )) as { event_id: string }[];
    expect(rows.map((r) => r.event_id)).toEqual([recent]);
  });

  it('retries a transient failure with backoff and succeeds without a dead letter', async () => {
    const id = `${run}-flaky`;
    behaviour.set(id, (attempt) => {
      if (attempt < 3) throw new Error('database hiccup');
    });
    await publisher.publish(TOPICS.loanOutcome, [outcome(id)]);
    await waitFor('the echo event', () => (scores.includes(`${id}-echo`) ? true : undefined));
    expect(seen.filter((s) => s.customerId === id).map((s) => s.attempt)).toEqual([1, 2, 3]);
    // Failed attempts rolled back their outbox rows: exactly one echo.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(scores.filter((s) => s === `${id}-echo`)).toHaveLength(1);
    expect(deadLetters.filter((d) => d.errorMessage.includes('hiccup'))).toHaveLength(0);
  });

  it('dead-letters a transient failure that exhausts its attempts, with the error and the original payload', async () => {
    const id = `${run}-broken`;
    behaviour.set(id, () => {
      throw new Error(`downstream unavailable for ${id}`);
    });
    const event = outcome(id);
    await publisher.publish(TOPICS.loanOutcome, [event]);
    const letter = await waitFor('the dead letter', () =>
      deadLetters.find((d) => d.errorMessage.includes(id)),
    );
    expect(letter).toMatchObject({
      sourceTopic: TOPICS.loanOutcome.name,
      errorKind: 'TRANSIENT',
      attempts: 3,
    });
    expect(JSON.parse(Buffer.from(letter.payloadBase64, 'base64').toString())).toEqual(event);
    expect(letter.headers['event-id']).toBeDefined();
    expect(scores).not.toContain(`${id}-echo`);
  });

  it('dead-letters a permanent failure at once', async () => {
    const id = `${run}-permanent`;
    behaviour.set(id, () => {
      throw new PermanentEventError(`unknown account for ${id}`);
    });
    await publisher.publish(TOPICS.loanOutcome, [outcome(id)]);
    const letter = await waitFor('the dead letter', () =>
      deadLetters.find((d) => d.errorMessage.includes(id)),
    );
    expect(letter).toMatchObject({ errorKind: 'PERMANENT', attempts: 1 });
  });

  it('dead-letters a payload that breaks the contract, and keeps consuming the partition', async () => {
    const producer = kafka.producer();
    await producer.connect();
    const key = randomUUID();
    await producer.send({
      topic: TOPICS.loanOutcome.name,
      messages: [
        { key, value: JSON.stringify({ customerId: `${run}-bad`, defaulted: 'maybe' }) },
        { key, value: JSON.stringify(outcome(`${run}-after-bad`)) },
      ],
    });
    await producer.disconnect();
    const letter = await waitFor('the dead letter', () =>
      deadLetters.find((d) => d.errorMessage.includes('defaulted')),
    );
    expect(letter.errorKind).toBe('PERMANENT');
    await waitFor('the next event', () =>
      seen.some((s) => s.customerId === `${run}-after-bad`) ? true : undefined,
    );
  });

  it('skips a re-delivered event id (inbox)', async () => {
    const id = `${run}-dup`;
    const event = outcome(id);
    const eventId = randomUUID();
    await publisher.publish(TOPICS.loanOutcome, [event], { eventId });
    await publisher.publish(TOPICS.loanOutcome, [event], { eventId });
    const marker = `${run}-dup-marker`;
    await publisher.publish(TOPICS.loanOutcome, [{ ...outcome(marker), applicationId: event.applicationId }]);
    await waitFor('the marker', () => (seen.some((s) => s.customerId === marker) ? true : undefined));
    expect(seen.filter((s) => s.customerId === id)).toHaveLength(1);
  });
});

describe('KafkaEventServer batch handlers (real Kafka + PostgreSQL)', () => {
  const rigged = rig('messaging-batch-test');
  const { run, dataSource, publisher, group } = rigged;
  const handled: string[] = [];
  const batchSizes: number[] = [];
  /** Per handler call: the partitions it got and its items' account ids in the order it got them. */
  const calls: { partitions: number[]; accounts: string[]; contacts: string[] }[] = [];
  /** Per handler call, in call order: the topic and the PostgreSQL transaction it ran in. */
  const transactions: { topic: string; txid: string; ids: string[] }[] = [];
  let server: KafkaEventServer;

  beforeAll(async () => {
    server = await rigged.server({ maxAttempts: 2, initialBackoffMs: 20, maxBackoffMs: 50 });
    // Declared first: in a shared transaction, its items are handled before the contact outcomes'.
    server.addHandler(
      TOPICS.accountServicingEvent.name,
      async (items: BatchItem<AccountServicingEventV1>[], ctx: KafkaBatchContext) => {
        const mine = items.filter((i) => i.payload.accountId.startsWith(run));
        if (mine.length === 0) return;
        if (mine.some((i) => i.payload.accountId.endsWith('-poison')))
          throw new PermanentEventError('poison servicing event');
        const [{ txid }] = (await ctx.manager.query('SELECT txid_current()::text AS txid')) as {
          txid: string;
        }[];
        transactions.push({
          topic: ctx.topic,
          txid: txid!,
          ids: mine.map((i) => i.payload.servicingEventId),
        });
      },
      true,
      { raw: false, batch: true },
    );
    server.addHandler(
      TOPICS.collectionContactOutcome.name,
      async (items: BatchItem<CollectionContactOutcomeV1>[], ctx: KafkaBatchContext) => {
        const mine = items.filter((i) => i.payload.accountId.startsWith(run));
        if (mine.length > 0) {
          const [{ txid }] = (await ctx.manager.query('SELECT txid_current()::text AS txid')) as {
            txid: string;
          }[];
          transactions.push({ topic: ctx.topic, txid: txid!, ids: mine.map((i) => i.payload.contactId) });
        }
        if (mine.some((i) => i.payload.accountId.endsWith('-poison'))) {
          throw new PermanentEventError('poison in batch');
        }
        batchSizes.push(mine.length);
        calls.push({
          partitions: [...new Set(mine.map((i) => i.partition))],
          accounts: mine.map((i) => i.payload.accountId),
          contacts: mine.map((i) => i.payload.contactId),
        });
        for (const item of mine) {
          await ctx.manager.query('SELECT 1');
          handled.push(item.payload.contactId);
        }
      },
      true,
      { raw: false, batch: true },
    );
    await listen(server);
  });

  afterAll(async () => {
    await server?.close();
    await publisher.disconnect();
    await dataSource.destroy();
  });

  const contact = (suffix: string): CollectionContactOutcomeV1 => ({
    contactId: randomUUID(),
    accountId: `${run}-${suffix}`,
    channel: 'CALL',
    outcome: 'PROMISE_TO_PAY',
    contactedAt: new Date().toISOString(),
  });

  it('handles micro-batches once each, absorbs duplicate event ids and isolates a poison message', async () => {
    const events = Array.from({ length: 200 }, (_, i) => contact(`acct-${i % 3}`));
    const poison = contact('acct-0-poison');
    const duplicateId = randomUUID();
    // All on few keys (few partitions) so that they arrive as real batches.
    const ids = [
      ...(await publisher.publish(TOPICS.collectionContactOutcome, events.slice(0, 100))),
      ...(await publisher.publish(TOPICS.collectionContactOutcome, [events[100]!], { eventId: duplicateId })),
      ...(await publisher.publish(TOPICS.collectionContactOutcome, [events[100]!], { eventId: duplicateId })),
      ...(await publisher.publish(TOPICS.collectionContactOutcome, [poison])),
      ...(await publisher.publish(TOPICS.collectionContactOutcome, events.slice(101))),
    ].map((p) => p.eventId);
    await waitFor('all events', () => (new Set(handled).size === 200 ? true : undefined), 60_000);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(handled).toHaveLength(200);
    expect(new Set(handled)).toEqual(new Set(events.map((e) => e.contactId)));
    expect(handled).not.toContain(poison.contactId);
    expect(Math.max(...batchSizes)).toBeGreaterThan(1);
    const rows = (await dataSource.query(
      `SELECT count(*)::int AS n FROM ${SCHEMA}.processed_events WHERE consumer_group = $1 AND event_id = ANY($2)`,
      [group, ids],
    )) as { n: number }[];
    // 200 events + the duplicate's one id counted once + the poison (dead-lettered, so not in the inbox).
    expect(rows[0]!.n).toBe(200);
  });

  it('gathers the partitions of one fetch into one transaction and keeps each key in order', async () => {
    // One produce request over twelve keys (several partitions): the consumer's next fetch returns them together.
    const events = Array.from({ length: 240 }, (_, i) => contact(`order-${i % 12}`));
    await publisher.publish(TOPICS.collectionContactOutcome, events);
    const ids = new Set(events.map((e) => e.contactId));
    const done = () => calls.flatMap((c) => c.contacts).filter((c) => ids.has(c)).length;
    await waitFor('the ordered events', () => (done() === events.length ? true : undefined), 60_000);
    const mine = calls.filter((c) => c.contacts.some((id) => ids.has(id)));
    expect(Math.max(...mine.map((c) => c.partitions.length))).toBeGreaterThan(1);
    // Per key, the handler saw the events in the order they were published.
    const handledOrder = mine.flatMap((c) => c.contacts).filter((id) => ids.has(id));
    for (let k = 0; k < 12; k++) {
      const key = `${run}-order-${k}`;
      const published = events.filter((e) => e.accountId === key).map((e) => e.contactId);
      expect(handledOrder.filter((id) => published.includes(id))).toEqual(published);
    }
  });

  const servicing = (suffix: string): AccountServicingEventV1 => ({
    servicingEventId: randomUUID(),
    accountId: `${run}-${suffix}`,
    customerId: `${run}-customer`,
    type: 'PAYMENT_RECEIVED',
    amountPaid: 100,
    outstandingBalance: 900,
    daysPastDue: 0,
    delinquencyBucket: 'CURRENT',
    occurredAt: new Date().toISOString(),
  });

  it('handles the batch topics of one fetch in one transaction, in handler declaration order', async () => {
    const contacts = Array.from({ length: 60 }, (_, i) => contact(`mixed-${i % 6}`));
    const payments = Array.from({ length: 60 }, (_, i) => servicing(`mixed-${i % 6}`));
    // One produce request for both topics: the consumer's next fetch holds both.
    await publisher.publishRawBatch([
      {
        topic: TOPICS.collectionContactOutcome.name,
        messages: contacts.map((e) => publisher.encode(TOPICS.collectionContactOutcome, e)),
      },
      {
        topic: TOPICS.accountServicingEvent.name,
        messages: payments.map((e) => publisher.encode(TOPICS.accountServicingEvent, e)),
      },
    ]);
    const wanted = new Set([...contacts.map((e) => e.contactId), ...payments.map((e) => e.servicingEventId)]);
    const seenIds = () => transactions.flatMap((t) => t.ids).filter((id) => wanted.has(id));
    await waitFor('both topics', () => (new Set(seenIds()).size === wanted.size ? true : undefined), 60_000);
    expect(seenIds()).toHaveLength(wanted.size);
    const mine = transactions.filter((t) => t.ids.some((id) => wanted.has(id)));
    const byTx = new Map<string, string[]>();
    for (const t of mine) byTx.set(t.txid, [...(byTx.get(t.txid) ?? []), t.topic]);
    const shared = [...byTx.values()].filter((topics) => topics.length > 1);
    expect(shared.length).toBeGreaterThan(0);
    for (const topics of shared)
      expect(topics).toEqual([TOPICS.accountServicingEvent.name, TOPICS.collectionContactOutcome.name]);
  });

  it('splits a failing shared transaction by topic: the other topic is not held back by a poison message', async () => {
    const contacts = Array.from({ length: 20 }, (_, i) => contact(`split-${i % 4}`));
    const poison = servicing('split-poison');
    const payments = Array.from({ length: 20 }, (_, i) => servicing(`split-${i % 4}`));
    await publisher.publishRawBatch([
      {
        topic: TOPICS.accountServicingEvent.name,
        messages: [poison, ...payments].map((e) => publisher.encode(TOPICS.accountServicingEvent, e)),
      },
      {
        topic: TOPICS.collectionContactOutcome.name,
        messages: contacts.map((e) => publisher.encode(TOPICS.collectionContactOutcome, e)),
      },
    ]);
    const wanted = new Set([...contacts.map((e) => e.contactId), ...payments.map((e) => e.servicingEventId)]);
    const seenIds = () => transactions.flatMap((t) => t.ids).filter((id) => wanted.has(id));
    await waitFor(
      'all but the poison',
      () => (new Set(seenIds()).size === wanted.size ? true : undefined),
      60_000,
    );
    expect(transactions.flatMap((t) => t.ids)).not.toContain(poison.servicingEventId);
  });
});

describe("KafkaEventServer batch handlers with dedupe: 'handler' (real Kafka + PostgreSQL)", () => {
  const rigged = rig('messaging-dedupe-test');
  const { run, dataSource, publisher, group } = rigged;
  /** Per handler call: the event ids of this run's items. */
  const calls: string[][] = [];
  let server: KafkaEventServer;

  beforeAll(async () => {
    server = await rigged.server();
    server.addHandler(
      TOPICS.collectionContactOutcome.name,
      async (items: BatchItem<CollectionContactOutcomeV1>[]) => {
        const mine = items.filter((i) => i.payload.accountId.startsWith(run));
        if (mine.length > 0) calls.push(mine.map((i) => i.metadata.eventId));
      },
      true,
      { raw: false, batch: true, dedupe: 'handler' },
    );
    await listen(server);
  });

  afterAll(async () => {
    await server?.close();
    await publisher.disconnect();
    await dataSource.destroy();
  });

  const contact = (): CollectionContactOutcomeV1 => ({
    contactId: randomUUID(),
    accountId: `${run}-acct`,
    channel: 'CALL',
    outcome: 'PROMISE_TO_PAY',
    contactedAt: new Date().toISOString(),
  });

  it('writes no inbox rows, drops repeats within a batch and hands a later re-send to the handler', async () => {
    const event = contact();
    const eventId = randomUUID();
    const other = contact();
    // One produce request, one key: the two copies of the event arrive in the same fetch.
    await publisher.publishRawBatch([
      {
        topic: TOPICS.collectionContactOutcome.name,
        messages: [
          publisher.encode(TOPICS.collectionContactOutcome, event, { eventId }),
          publisher.encode(TOPICS.collectionContactOutcome, event, { eventId }),
          publisher.encode(TOPICS.collectionContactOutcome, other),
        ],
      },
    ]);
    await waitFor('the first batch', () => (calls.flat().length >= 2 ? true : undefined));
    // Each delivery of that batch holds the event once (a rebalance on a loaded machine may deliver it again:
    // offsets are committed behind the processing).
    expect(calls[0]!.filter((id) => id === eventId)).toHaveLength(1);
    for (const call of calls) expect(call.filter((id) => id === eventId)).toHaveLength(1);
    // A re-send after the first was handled reaches the handler again: its own writes must absorb it.
    const before = calls.length;
    await publisher.publish(TOPICS.collectionContactOutcome, [event], { eventId });
    await waitFor('the re-send', () => (calls.slice(before).some((c) => c.length === 1) ? true : undefined));
    expect(calls.slice(before)).toContainEqual([eventId]);
    const rows = (await dataSource.query(
      `SELECT count(*)::int AS n FROM ${SCHEMA}.processed_events WHERE consumer_group = $1`,
      [group],
    )) as { n: number }[];
    expect(rows[0]!.n).toBe(0);
  });
});

/** A TCP proxy to PostgreSQL that a test can cut and restore: an outage of one service's database only. */
async function databaseProxy() {
  const target = new URL(DATABASE_URL);
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  const port = await new Promise<number>((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const p = (probe.address() as AddressInfo).port;
      probe.close(() => resolve(p));
    });
  });
  const open = () =>
    new Promise<void>((resolve, reject) => {
      if (server?.listening) return resolve();
      server = createServer((client) => {
        const upstream = connect(Number(target.port || 5432), target.hostname);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => undefined);
        }
        client.pipe(upstream).pipe(client);
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
  await open();
  const url = new URL(DATABASE_URL);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    url: url.toString(),
    /** Refuses new connections and drops the open ones. */
    cut: async () => {
      await new Promise<void>((resolve) => {
        server!.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
    restore: open,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => (server?.listening ? server.close(() => resolve()) : resolve()));
    },
  };
}

describe('KafkaEventServer when its database is down (real Kafka + PostgreSQL behind a proxy)', () => {
  it.each([
    ['a batch handler', true],
    ['a per-message handler', false],
  ])(
    'holds the events of %s until the database is back: none dead-lettered',
    async (_name, batch) => {
      const run = randomUUID().slice(0, 8);
      const proxy = await databaseProxy();
      const kafka = new Kafka({ clientId: `db-outage-${run}`, brokers: BROKERS, logLevel: logLevel.NOTHING });
      const dataSource = new DataSource(
        serviceDataSourceOptions({
          url: proxy.url,
          schema: SCHEMA,
          serviceName: 'db-outage-test',
          entities: [ProcessedEventEntity, OutboxBatchEntity, OutboxMessageEntity],
          migrations: [messagingTablesMigration(SCHEMA, 1763780000001), ...messagingTableUpgrades(SCHEMA)],
        }),
      );
      await runMigrations(dataSource);
      if (!dataSource.isInitialized) await dataSource.initialize();
      const publisher = new EventPublisher(kafka, 'db-outage-test');
      const registry = new Registry();
      const server = new KafkaEventServer({
        kafka,
        groupId: `db-outage-${run}`,
        publisher,
        dataSource,
        logger: pino({ level: 'silent' }),
        metrics: new MessagingMetrics(registry),
        // A retry budget far shorter than the outage: before the fix every event was dead-lettered.
        maxAttempts: 2,
        initialBackoffMs: 20,
        maxBackoffMs: 100,
      });
      const handled = new Set<string>();
      const mine = (e: LoanOutcomeV1) => e.customerId.startsWith(run);
      if (batch)
        server.addHandler(
          TOPICS.loanOutcome.name,
          async (items: BatchItem<LoanOutcomeV1>[], ctx: KafkaBatchContext) => {
            await ctx.manager.query('SELECT 1');
            for (const { payload } of items) if (mine(payload)) handled.add(payload.customerId);
          },
          true,
          { raw: false, batch: true },
        );
      else
        server.addHandler(
          TOPICS.loanOutcome.name,
          async (event: LoanOutcomeV1, ctx: KafkaEventContext) => {
            await ctx.manager.query('SELECT 1');
            if (mine(event)) handled.add(event.customerId);
          },
          true,
          { raw: false },
        );
      const counted = async (outcome: string) =>
        (
          (await registry.getSingleMetric('riskstream_kafka_messages_total')!.get()).values as {
            labels: { outcome?: string };
            value: number;
          }[]
        )
          .filter((v) => v.labels.outcome === outcome)
          .reduce((n, v) => n + v.value, 0);
      const event = (i: number): LoanOutcomeV1 => ({
        applicationId: randomUUID(),
        customerId: `${run}-${i}`,
        defaulted: false,
        observationWindowDays: 90,
        observedAt: new Date().toISOString(),
      });
      try {
        // The group starts at the topic's end: the topic's history (other suites' poison messages) is not ours.
        const admin = kafka.admin();
        await admin.connect();
        const ends = await admin.fetchTopicOffsets(TOPICS.loanOutcome.name);
        await admin.setOffsets({
          groupId: `db-outage-${run}`,
          topic: TOPICS.loanOutcome.name,
          partitions: ends.map(({ partition, offset }) => ({ partition, offset })),
        });
        await admin.disconnect();
        await listen(server);
        await publisher.publish(TOPICS.loanOutcome, [event(0)]);
        await waitFor('the first event', () => (handled.has(`${run}-0`) ? true : undefined));

        await proxy.cut();
        await publisher.publish(TOPICS.loanOutcome, [1, 2, 3, 4, 5].map(event));
        await waitFor('the consumer to wait for its database', async () =>
          ((await registry.getSingleMetric('riskstream_kafka_database_waits_total')!.get()).values[0]
            ?.value ?? 0) > 0
            ? true
            : undefined,
        );
        // Ten times the retry budget passes with the database down.
        await new Promise((r) => setTimeout(r, 2_000));
        expect(await counted('dead_lettered')).toBe(0);

        await proxy.restore();
        await waitFor('the held events', () => (handled.size === 6 ? true : undefined));
        expect([...handled].sort()).toEqual([0, 1, 2, 3, 4, 5].map((i) => `${run}-${i}`).sort());
        expect(await counted('dead_lettered')).toBe(0);
      } finally {
        await proxy.restore().catch(() => undefined);
        await server.close();
        await publisher.disconnect();
        if (dataSource.isInitialized) await dataSource.destroy();
        await proxy.close();
      }
    },
    90_000,
  );
});
