import { randomUUID } from 'node:crypto';
import { describe, expect, it, vi, beforeAll, afterAll } from 'vitest';
import { DataSource, type EntityManager } from 'typeorm';
import { serviceDataSourceOptions } from './data-source-options.js';
import { pipelinedTransaction, queryAll, TransactionRolledBackError } from './pipelined-transaction.js';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://riskstream:riskstream@127.0.0.1:5433/riskstream';

interface CountedStream {
  _write: (...args: unknown[]) => unknown;
  _writev: (...args: unknown[]) => unknown;
}

/** Counts the socket writes (flushes of the stream, not calls to write()) of the connection `manager` holds. */
async function countWrites(manager: EntityManager): Promise<() => number> {
  const client = (await manager.queryRunner!.connect()) as { connection: { stream: CountedStream } };
  const stream = client.connection.stream;
  let writes = 0;
  const write = stream._write.bind(stream);
  const writev = stream._writev.bind(stream);
  stream._write = (...args) => (writes++, write(...args));
  stream._writev = (...args) => (writes++, writev(...args));
  return () => writes;
}

describe('pipelinedTransaction (real PostgreSQL)', () => {
  const settings = {
    url: DATABASE_URL,
    schema: 'public',
    serviceName: 'pipeline-test',
    entities: [],
    migrations: [],
  };
  const pipelinedDs = new DataSource(serviceDataSourceOptions({ ...settings, poolSize: 3 }));
  // A DataSource built by hand: no pipeline mode, the same semantics one round trip at a time.
  const plainDs = new DataSource({ type: 'postgres', url: DATABASE_URL });
  const table = `public.pipelined_tx_test_${randomUUID().slice(0, 8)}`;
  const rowsOf = async (ids: string[]) =>
    (
      (await plainDs.query(`SELECT id FROM ${table} WHERE id = ANY($1::uuid[]) ORDER BY id`, [ids])) as {
        id: string;
      }[]
    ).map((r) => r.id);

  beforeAll(async () => {
    await Promise.all([pipelinedDs.initialize(), plainDs.initialize()]);
    await plainDs.query(`CREATE TABLE ${table} (id uuid PRIMARY KEY, note text)`);
  });

  afterAll(async () => {
    await plainDs.query(`DROP TABLE IF EXISTS ${table}`);
    await Promise.all([pipelinedDs.destroy(), plainDs.destroy()]);
  });

  it('sends START TRANSACTION with the first statement and the final statements with the COMMIT', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    let writes: () => number = () => -1;
    let finalRows: Record<string, unknown>[] | undefined;
    const value = await pipelinedTransaction(
      pipelinedDs,
      async (manager) => {
        writes = await countWrites(manager);
        await manager.query(`INSERT INTO ${table} (id) VALUES ($1)`, [a]);
        return 'done';
      },
      () => [
        {
          sql: `INSERT INTO ${table} (id) VALUES ($1) RETURNING id`,
          parameters: [b],
          onRows: (r) => (finalRows = r),
        },
      ],
    );
    expect(value).toBe('done');
    expect(writes()).toBe(2);
    expect(finalRows).toEqual([{ id: b }]);
    expect(await rowsOf([a, b])).toEqual([a, b].sort());
  });

  for (const [name, ds] of [
    ['pipelined', pipelinedDs],
    ['plain', plainDs],
  ] as const) {
    it(`rolls the work back when a final statement fails, with that statement's error (${name})`, async () => {
      const [a, taken] = [randomUUID(), randomUUID()];
      await plainDs.query(`INSERT INTO ${table} (id) VALUES ($1)`, [taken]);
      const onRows = vi.fn();
      const failed = pipelinedTransaction(
        ds,
        (manager) => manager.query(`INSERT INTO ${table} (id) VALUES ($1)`, [a]),
        () => [{ sql: `INSERT INTO ${table} (id) VALUES ($1)`, parameters: [taken], onRows }],
      );
      await expect(failed).rejects.toMatchObject({ code: '23505' });
      expect(onRows).not.toHaveBeenCalled();
      expect(await rowsOf([a])).toEqual([]);
      // The connection went back to the pool usable, outside any transaction.
      const b = randomUUID();
      await pipelinedTransaction(ds, (manager) =>
        manager.query(`INSERT INTO ${table} (id) VALUES ($1)`, [b]),
      );
      expect(await rowsOf([b])).toEqual([b]);
    });

    it(`rolls back when the work fails (${name})`, async () => {
      const a = randomUUID();
      const failed = pipelinedTransaction(ds, async (manager) => {
        await manager.query(`INSERT INTO ${table} (id) VALUES ($1)`, [a]);
        await manager.query(`INSERT INTO ${table} (id) VALUES ('not a uuid')`);
      });
      await expect(failed).rejects.toMatchObject({ code: '22P02' });
      expect(await rowsOf([a])).toEqual([]);
    });
  }

  it('gives a nested manager.transaction a savepoint, not a commit of its own', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const failed = pipelinedTransaction(pipelinedDs, async (manager) => {
      await manager.transaction((inner) => inner.query(`INSERT INTO ${table} (id) VALUES ($1)`, [a]));
      await manager.query(`INSERT INTO ${table} (id) VALUES ($1)`, [b]);
      throw new Error('boom after the nested transaction');
    });
    await expect(failed).rejects.toThrow('boom after the nested transaction');
    expect(await rowsOf([a, b])).toEqual([]);
  });

  it('reports a COMMIT the server answered with ROLLBACK', async () => {
    // A work that swallows a statement's error leaves the transaction aborted: the COMMIT becomes a rollback.
    const a = randomUUID();
    const failed = pipelinedTransaction(pipelinedDs, async (manager) => {
      await manager.query(`INSERT INTO ${table} (id) VALUES ($1)`, [a]);
      await manager.query(`SELECT 1/0`).catch(() => undefined);
    });
    await expect(failed).rejects.toBeInstanceOf(TransactionRolledBackError);
    expect(await rowsOf([a])).toEqual([]);
  });

  it('queryAll without a connection of its own runs the statements in order', async () => {
    const a = randomUUID();
    const [inserted, read] = await queryAll(plainDs.manager, [
      { sql: `INSERT INTO ${table} (id, note) VALUES ($1, 'first') RETURNING id`, parameters: [a] },
      { sql: `SELECT note FROM ${table} WHERE id = $1`, parameters: [a] },
    ]);
    expect(inserted).toEqual([{ id: a }]);
    expect(read).toEqual([{ note: 'first' }]);
  });

  it('queryAll: one write, and a statement behind a lock sees what the lock holder committed', async () => {
    const a = randomUUID();
    const key = Math.floor(Math.random() * 1e9);
    const holder = plainDs.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    await holder.query(`SELECT pg_advisory_xact_lock($1)`, [key]);
    await holder.query(`INSERT INTO ${table} (id) VALUES ($1)`, [a]);
    let writes: () => number = () => -1;
    const waiter = pipelinedTransaction(pipelinedDs, async (manager) => {
      writes = await countWrites(manager);
      const before = writes();
      const [, rows] = await queryAll(manager, [
        { sql: `SELECT pg_advisory_xact_lock($1)`, parameters: [key] },
        { sql: `SELECT id FROM ${table} WHERE id = $1`, parameters: [a] },
      ]);
      return { rows, writes: writes() - before };
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await holder.commitTransaction();
    await holder.release();
    const seen = await waiter;
    expect(seen.rows).toEqual([{ id: a }]);
    // START TRANSACTION, the lock and the SELECT left together.
    expect(seen.writes).toBe(1);
  });
});
