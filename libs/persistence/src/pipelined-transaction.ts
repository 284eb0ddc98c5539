import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

/** A statement sent in the same write as the COMMIT behind it (see pipelinedTransaction). */
export interface FinalStatement {
  sql: string;
  parameters: readonly unknown[];
  /** Receives the statement's rows once the transaction has committed. */
  onRows?: (rows: Record<string, unknown>[]) => void;
}

/** What this lib needs of node-postgres's Client (pg's own types are not a dependency of this lib). */
export interface PgClient {
  /** Set by `pipeline: true` in the pool's settings (serviceDataSourceOptions does). */
  pipeline?: boolean;
  connection: { stream: { cork(): void; uncork(): void } };
  query(text: string, values?: readonly unknown[]): Promise<PgResult>;
}

interface PgResult {
  command: string;
  rows: Record<string, unknown>[];
}

/**
 * Sends statements straight to the connection (not through TypeORM) and returns their results in order. In
 * pipeline mode they leave in one socket write and the server runs them one after the other; otherwise one round
 * trip each. The first failure rejects (in a transaction the statements behind it fail because of it).
 */
export async function sendTogether(
  client: PgClient,
  statements: readonly { sql: string; parameters?: readonly unknown[] }[],
): Promise<PgResult[]> {
  if (!client.pipeline) {
    const results: PgResult[] = [];
    for (const s of statements) results.push(await client.query(s.sql, s.parameters));
    return results;
  }
  const stream = client.connection.stream;
  stream.cork();
  const sent = statements.map((s) => client.query(s.sql, s.parameters));
  stream.uncork();
  const results = await Promise.allSettled(sent);
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<PgResult>).value);
}

/**
 * Runs independent statements in one round trip and one socket write: they are submitted at once, in this order,
 * and the server runs each one after the other (each with its own snapshot, taken when it starts: a statement
 * sees what the ones before it did, and anything committed while they waited for a lock). The first failure
 * rejects; in a transaction, the statements behind it fail too (the transaction is aborted).
 */
export async function queryAll(
  manager: EntityManager,
  statements: readonly { sql: string; parameters?: readonly unknown[] }[],
): Promise<Record<string, unknown>[][]> {
  const run = (s: { sql: string; parameters?: readonly unknown[] }) =>
    manager.query(s.sql, s.parameters ? [...s.parameters] : undefined) as Promise<Record<string, unknown>[]>;
  const runner = manager.queryRunner;
  if (!runner) {
    // A manager without a connection of its own (dataSource.manager) would send each statement on whichever
    // pooled connection is free: in order, one after the other, instead.
    const results: Record<string, unknown>[][] = [];
    for (const s of statements) results.push(await run(s));
    return results;
  }
  const client = runner.isReleased ? undefined : ((await runner.connect()) as PgClient);
  const stream = client?.pipeline ? client.connection.stream : undefined;
  // The statements reach the client from microtasks (TypeORM awaits before each submit): released at the next
  // check phase, after all of them.
  stream?.cork();
  if (stream) setImmediate(() => stream.uncork());
  return Promise.all(statements.map(run));
}

/** TypeORM's own record of an open transaction, kept true so that nested manager.transaction() calls use savepoints. */
interface TransactionState {
  isTransactionActive: boolean;
  transactionDepth: number;
}

/** The transaction ended with a rollback instead of a commit (a statement sent with the COMMIT failed). */
export class TransactionRolledBackError extends Error {
  constructor(readonly command: string) {
    super(`the transaction was rolled back at commit (server answered ${command} to COMMIT)`);
    this.name = 'TransactionRolledBackError';
  }
}

/**
 * One transaction whose edges cost no round trip of their own. On a connection in node-postgres's pipeline mode
 * (a query is sent without waiting for the answer to the one before; the server still runs them one after the
 * other, in order), START TRANSACTION leaves in the same socket write as the first statement of `work`, and the
 * `finalStatements` (the outbox row) in the same write as the COMMIT: two round trips fewer per transaction, each
 * of them two context switches and a socket write on either side.
 *
 * A failure anywhere rolls back and rejects; a final statement that fails turns the COMMIT into a rollback on the
 * server, which is reported as that statement's error. Connections not in pipeline mode (a DataSource built by
 * hand) get the same semantics one round trip at a time.
 */
export async function pipelinedTransaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
  finalStatements: () => readonly FinalStatement[] = () => [],
): Promise<T> {
  const runner = dataSource.createQueryRunner();
  try {
    const client = (await runner.connect()) as PgClient;
    if (!client.pipeline) return await sequentialTransaction(runner, work, finalStatements);
    return await pipelined(runner, client, work, finalStatements);
  } finally {
    await runner.release();
  }
}

async function sequentialTransaction<T>(
  runner: QueryRunner,
  work: (manager: EntityManager) => Promise<T>,
  finalStatements: () => readonly FinalStatement[],
): Promise<T> {
  await runner.startTransaction();
  try {
    const value = await work(runner.manager);
    for (const s of finalStatements()) {
      const rows = (await runner.query(s.sql, [...s.parameters])) as Record<string, unknown>[];
      s.onRows?.(rows);
    }
    await runner.commitTransaction();
    return value;
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    throw error;
  }
}

async function pipelined<T>(
  runner: QueryRunner,
  client: PgClient,
  work: (manager: EntityManager) => Promise<T>,
  finalStatements: () => readonly FinalStatement[],
): Promise<T> {
  const stream = client.connection.stream;
  const state = runner as unknown as TransactionState;
  // Held back until the event loop's next check phase: work's first statement is submitted from microtasks
  // before that, and goes out in the same write. START TRANSACTION can only fail with the connection itself, and
  // then so does every statement behind it.
  stream.cork();
  const begin = client.query('START TRANSACTION');
  // Awaited below with the work; handled here too, in case the work throws before that.
  begin.catch(() => undefined);
  setImmediate(() => stream.uncork());
  state.isTransactionActive = true;
  state.transactionDepth = 1;
  let open = true;
  try {
    const [, value] = await Promise.all([begin, work(runner.manager)]);
    const statements = finalStatements();
    let results: PgResult[];
    try {
      results = await sendTogether(client, [...statements, { sql: 'COMMIT' }]);
    } finally {
      open = false; // committed, or rolled back by the server after a failed statement
    }
    const ended = results[results.length - 1]!;
    if (ended.command !== 'COMMIT') throw new TransactionRolledBackError(ended.command);
    statements.forEach((s, i) => s.onRows?.(results[i]!.rows));
    return value;
  } catch (error) {
    // A statement of work that failed leaves the transaction aborted; a failed COMMIT has already ended it.
    if (open) await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    state.isTransactionActive = false;
    state.transactionDepth = 0;
  }
}
