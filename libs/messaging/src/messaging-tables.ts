import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * DDL of the inbox and outbox tables, for a service's own migration (they live in the service schema; the
 * migration runs with that schema as search_path).
 */
export async function createMessagingTables(queryRunner: QueryRunner, schema: string): Promise<void> {
  const s = `"${schema}"`;
  await queryRunner.query(`
    CREATE TABLE ${s}.processed_events (
      consumer_group text NOT NULL,
      event_id text NOT NULL,
      topic text NOT NULL,
      partition integer NOT NULL,
      "offset" bigint NOT NULL,
      processed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (consumer_group, event_id)
    )`);
  await queryRunner.query(`
    CREATE TABLE ${s}.outbox (
      id bigserial PRIMARY KEY,
      event_id text NOT NULL UNIQUE,
      topic text NOT NULL,
      message_key text,
      payload text NOT NULL,
      headers jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      published_at timestamptz
    )`);
  await queryRunner.query(
    `CREATE INDEX outbox_unpublished_idx ON ${s}.outbox (id) WHERE published_at IS NULL`,
  );
}

export async function dropMessagingTables(queryRunner: QueryRunner, schema: string): Promise<void> {
  await queryRunner.query(`DROP TABLE IF EXISTS "${schema}".outbox_batch`);
  await queryRunner.query(`DROP TABLE IF EXISTS "${schema}".outbox`);
  await queryRunner.query(`DROP TABLE IF EXISTS "${schema}".processed_events`);
}

/** `ingestion` -> `Ingestion`, `model_registry` -> `ModelRegistry`: the schema's part of a migration name. */
const pascal = (schema: string) => schema.replace(/(^|[-_])([a-z])/g, (_m, _d, c: string) => c.toUpperCase());

/**
 * A migration class for one service schema. Its name (what the schema's migrations table records, so never to be
 * changed once released) is built by `name` from the schema in PascalCase and the 13-digit timestamp.
 */
function schemaMigration(
  name: string,
  up: (q: QueryRunner) => Promise<void>,
  down: (q: QueryRunner) => Promise<void>,
): new () => MigrationInterface {
  return class implements MigrationInterface {
    name = name;
    up = up;
    down = down;
  };
}

/**
 * The first migration of a service whose only tables so far are its inbox and outbox. TypeORM orders
 * migrations by the 13-digit timestamp at the end of their name.
 */
export function messagingTablesMigration(schema: string, timestamp: number): new () => MigrationInterface {
  return schemaMigration(
    `Create${pascal(schema)}Schema${timestamp}`,
    (q) => createMessagingTables(q, schema),
    (q) => dropMessagingTables(q, schema),
  );
}

/**
 * The outbox as a plain queue: no unique index on event_id (random keys on a table whose rows live for
 * milliseconds: index churn and bloat for a check that only spans those milliseconds) and no partial index on
 * unpublished rows (rows are deleted once sent, so it duplicated the primary key). Rows of the earlier
 * mark-as-published scheme are removed.
 */
export function slimOutboxMigration(schema: string, timestamp: number): new () => MigrationInterface {
  const s = `"${schema}"`;
  return schemaMigration(
    `SlimOutbox${pascal(schema)}${timestamp}`,
    async (q) => {
      await q.query(`DELETE FROM ${s}.outbox WHERE published_at IS NOT NULL`);
      await q.query(`ALTER TABLE ${s}.outbox DROP CONSTRAINT IF EXISTS outbox_event_id_key`);
      await q.query(`DROP INDEX IF EXISTS ${s}.outbox_unpublished_idx`);
    },
    async (q) => {
      await q.query(`CREATE INDEX outbox_unpublished_idx ON ${s}.outbox (id) WHERE published_at IS NULL`);
      await q.query(`ALTER TABLE ${s}.outbox ADD CONSTRAINT outbox_event_id_key UNIQUE (event_id)`);
    },
  );
}

/**
 * The outbox is a queue: rows are inserted and deleted within a second. VACUUM then finds empty pages at the end
 * of the table and truncates them, which takes an ACCESS EXCLUSIVE lock: every transaction writing an event
 * waited for it (after a burst had grown the table, a 1.5 s stall of the whole pipeline once a minute). Without
 * truncation the emptied pages stay allocated and are reused by the next inserts.
 */
export function outboxNoTruncateMigration(schema: string, timestamp: number): new () => MigrationInterface {
  const s = `"${schema}"`;
  return schemaMigration(
    `OutboxNoVacuumTruncate${pascal(schema)}${timestamp}`,
    async (q) => {
      await q.query(`ALTER TABLE ${s}.outbox SET (vacuum_truncate = false)`);
    },
    async (q) => {
      await q.query(`ALTER TABLE ${s}.outbox RESET (vacuum_truncate)`);
    },
  );
}

/**
 * ANALYZE of an outbox samples up to 30,000 rows' worth of pages; after a burst has grown the table that is every
 * page, 0.08 s of CPU per outbox. Autovacuum ran it every 10 s (any few dozen changes pass the default threshold on
 * a table of ~0 live rows), three outboxes in a row: a quarter-second of one core, the largest stall left at a
 * steady 500 applications/s. An outbox's column statistics never describe it (its rows live for milliseconds) and
 * no plan on it needs them: rows are read and deleted by primary key. So it is analysed after a million changes,
 * not a few dozen; VACUUM still keeps its row count current.
 */
export function outboxRareAnalyzeMigration(schema: string, timestamp: number): new () => MigrationInterface {
  const s = `"${schema}"`;
  return schemaMigration(
    `OutboxRareAnalyze${pascal(schema)}${timestamp}`,
    async (q) => {
      await q.query(
        `ALTER TABLE ${s}.outbox SET (autovacuum_analyze_threshold = 1000000, autovacuum_analyze_scale_factor = 0)`,
      );
    },
    async (q) => {
      await q.query(
        `ALTER TABLE ${s}.outbox RESET (autovacuum_analyze_threshold, autovacuum_analyze_scale_factor)`,
      );
    },
  );
}

/**
 * The outbox as one row per transaction (outbox_batch): the events of a handler's transaction, compressed
 * together (see encodeOutboxBatch). A row, an index entry, a WAL record and a dead tuple per event were most of
 * PostgreSQL's time in the pipeline's outboxes. The payload is stored out of line without PostgreSQL's own
 * compression (the bytes are zstd already). Like the per-event table it is a queue: no truncation by VACUUM, of
 * the table or its TOAST table (an exclusive lock stalls every writer), and rare ANALYZE. The per-event table
 * stays until no instance of an earlier version can write to it (the relay drains it).
 */
export function outboxBatchMigration(schema: string, timestamp: number): new () => MigrationInterface {
  const s = `"${schema}"`;
  return schemaMigration(
    `CreateOutboxBatch${pascal(schema)}${timestamp}`,
    async (q) => {
      await q.query(`
        CREATE TABLE ${s}.outbox_batch (
          id bigserial PRIMARY KEY,
          created_at timestamptz NOT NULL DEFAULT now(),
          events integer NOT NULL CHECK (events > 0),
          messages bytea NOT NULL
        ) WITH (vacuum_truncate = false, toast.vacuum_truncate = false,
                autovacuum_analyze_threshold = 1000000, autovacuum_analyze_scale_factor = 0)`);
      await q.query(`ALTER TABLE ${s}.outbox_batch ALTER COLUMN messages SET STORAGE EXTERNAL`);
    },
    async (q) => {
      await q.query(`DROP TABLE ${s}.outbox_batch`);
    },
  );
}

/**
 * Every change made to the messaging tables since they were created, for one service schema, in order. Services
 * register this list (after the migration that created their tables), so a new change is added here once for all.
 * The timestamps are part of the migration names recorded in each schema: never change them.
 */
export function messagingTableUpgrades(schema: string): (new () => MigrationInterface)[] {
  return [
    slimOutboxMigration(schema, 1763810000000),
    outboxNoTruncateMigration(schema, 1763820000001),
    outboxRareAnalyzeMigration(schema, 1763830000000),
    outboxBatchMigration(schema, 1763840000000),
  ];
}
