import type { EntityManager } from 'typeorm';
import { sendTogether, type PgClient } from './pipelined-transaction.js';

const SAVEPOINT = 'optimistic_insert';
const UNIQUE_VIOLATION = '23505';

interface TransactionState {
  isTransactionActive?: boolean;
}

/**
 * Runs `plain`, an INSERT without a conflict clause, and only when it fails on a unique violation runs `fallback`,
 * the same INSERT with its `ON CONFLICT … DO NOTHING`. The result is the one `fallback` alone would give.
 *
 * Why: for every row, ON CONFLICT first searches the unique index for the key and then inserts it (a second
 * descent of the index); on tables keyed by random ids, whose index pages are rarely in the CPU's caches, that
 * search was a fifth of PostgreSQL's CPU. Duplicates are rare (a re-delivery after a crash, a re-submission), so
 * the plain statement almost always succeeds. It runs in a savepoint, which a unique violation rolls back alone;
 * on a connection in pipeline mode the SAVEPOINT, the INSERT and the RELEASE leave in one write and cost one round
 * trip. Outside a transaction `fallback` runs directly. Each call takes one subtransaction id: keep it to a few
 * per transaction (ours take one or two), far below the 64 a backend caches, beyond which every other session's
 * snapshot has to look subtransactions up in pg_subtrans.
 *
 * The statements go to the connection itself, not through TypeORM, whose logger would report the expected unique
 * violation as a failed query. Errors are node-postgres's (with their SQLSTATE `code`).
 */
export async function insertOptimistically<R>(
  manager: EntityManager,
  plain: string,
  fallback: string,
  parameters: readonly unknown[],
): Promise<R[]> {
  const runner = manager.queryRunner;
  if (!runner || runner.isReleased || !(runner as TransactionState).isTransactionActive)
    return (await manager.query(fallback, [...parameters])) as R[];
  const client = (await runner.connect()) as PgClient;
  try {
    return await inSavepoint<R>(client, `SAVEPOINT ${SAVEPOINT}`, plain, parameters);
  } catch (error) {
    if ((error as { code?: unknown }).code !== UNIQUE_VIOLATION) throw error;
    // The failed INSERT aborted the savepoint (and its RELEASE failed with it): undo it, skip the keys that exist.
    return inSavepoint<R>(client, `ROLLBACK TO SAVEPOINT ${SAVEPOINT}`, fallback, parameters);
  }
}

/** `open`, the insert and the RELEASE, in one write in pipeline mode; the insert's rows. */
async function inSavepoint<R>(
  client: PgClient,
  open: string,
  insert: string,
  parameters: readonly unknown[],
): Promise<R[]> {
  const results = await sendTogether(client, [
    { sql: open },
    { sql: insert, parameters },
    { sql: `RELEASE SAVEPOINT ${SAVEPOINT}` },
  ]);
  return results[1]!.rows as R[];
}
