import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource, type QueryRunner } from 'typeorm';
import { serviceDataSourceOptions } from './data-source-options.js';
import { pipelinedTransaction, sendTogether, type PgClient } from './pipelined-transaction.js';
import { statementName, StatementCachingClient } from './statement-cache.js';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://riskstream:riskstream@127.0.0.1:5433/riskstream';

const settings = {
  url: DATABASE_URL,
  schema: 'public',
  serviceName: 'statement-cache-test',
  entities: [],
  migrations: [],
  poolSize: 2,
};

/** The prepared statements of the connection `runner` holds, as the server sees them. */
async function preparedOn(runner: QueryRunner): Promise<{ name: string; statement: string }[]> {
  return (await runner.query(
    `SELECT name, statement FROM pg_prepared_statements WHERE NOT from_sql ORDER BY prepare_time, name`,
  )) as { name: string; statement: string }[];
}

describe('StatementCachingClient (real PostgreSQL)', () => {
  const cached = new DataSource(serviceDataSourceOptions(settings));
  const uncached = new DataSource(serviceDataSourceOptions({ ...settings, statementCacheSize: 0 }));
  const small = new DataSource(serviceDataSourceOptions({ ...settings, statementCacheSize: 1 }));
  const table = `public.statement_cache_test_${randomUUID().slice(0, 8)}`;
  const insert = `INSERT INTO ${table} (id, n) SELECT * FROM unnest($1::uuid[], $2::int[]) RETURNING n`;

  beforeAll(async () => {
    await Promise.all([cached.initialize(), uncached.initialize(), small.initialize()]);
    await cached.query(`CREATE TABLE ${table} (id uuid PRIMARY KEY, n int NOT NULL)`);
  });

  afterAll(async () => {
    await cached.query(`DROP TABLE IF EXISTS ${table}`);
    await Promise.all([cached.destroy(), uncached.destroy(), small.destroy()]);
  });

  const withRunner = async <T>(ds: DataSource, work: (runner: QueryRunner) => Promise<T>): Promise<T> => {
    const runner = ds.createQueryRunner();
    try {
      return await work(runner);
    } finally {
      await runner.release();
    }
  };

  it('gives each pooled connection the caching client', async () => {
    await withRunner(cached, async (runner) => {
      const client = (await runner.connect()) as StatementCachingClient;
      expect(client).toBeInstanceOf(StatementCachingClient);
      expect(client.statements.size).toBe(100);
    });
  });

  it('prepares a parameterised text on its second use and runs it by name from then on', async () => {
    await withRunner(cached, async (runner) => {
      const before = (await preparedOn(runner)).length;
      const text = `SELECT $1::int + 1 AS v /* ${randomUUID()} */`;
      const values: number[] = [];
      for (let i = 0; i < 8; i++) values.push(((await runner.query(text, [i])) as { v: number }[])[0]!.v);
      expect(values).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      const prepared = await preparedOn(runner);
      expect(prepared).toHaveLength(before + 1);
      expect(prepared.at(-1)).toEqual({ name: statementName(text), statement: text });
      // Executed as a prepared statement seven times (the first use went unnamed), planned generically by now.
      const [stats] = (await runner.query(
        `SELECT generic_plans + custom_plans AS runs FROM pg_prepared_statements WHERE name = $1`,
        [statementName(text)],
      )) as { runs: string }[];
      expect(Number(stats!.runs)).toBe(7);
    });
  });

  it('leaves statements without parameters to the simple protocol (several statements in one text still run)', async () => {
    await withRunner(cached, async (runner) => {
      const before = await preparedOn(runner);
      for (let i = 0; i < 3; i++) await runner.query(`SELECT 1; SELECT 2`);
      expect(await preparedOn(runner)).toEqual(before);
    });
  });

  it('prepares nothing with a size of 0, and no more texts than its size', async () => {
    await withRunner(uncached, async (runner) => {
      for (let i = 0; i < 3; i++) await runner.query(`SELECT $1::int AS v`, [i]);
      expect(await preparedOn(runner)).toEqual([]);
    });
    await withRunner(small, async (runner) => {
      const texts = [`SELECT $1::int AS v /* a */`, `SELECT $1::int AS v /* b */`];
      for (let i = 0; i < 3; i++) for (const text of texts) await runner.query(text, [i]);
      expect((await preparedOn(runner)).map((p) => p.statement)).toEqual([texts[0]]);
    });
  });

  it('runs the same text twice in one pipelined write, the first preparing it for the second', async () => {
    await withRunner(cached, async (runner) => {
      const client = (await runner.connect()) as PgClient;
      const text = `SELECT $1::int * 2 AS v /* ${randomUUID()} */`;
      await client.query(text, [0]); // first use: unnamed
      const results = await sendTogether(client, [
        { sql: text, parameters: [1] },
        { sql: text, parameters: [2] },
        { sql: text, parameters: [3] },
      ]);
      expect(results.map((r) => r.rows[0]!.v)).toEqual([2, 4, 6]);
      expect((await preparedOn(runner)).map((p) => p.name)).toContain(statementName(text));
    });
  });

  it('prepares again a text whose preparation failed in an aborted transaction', async () => {
    await withRunner(cached, async (runner) => {
      const text = `SELECT $1::int - 1 AS v /* ${randomUUID()} */`;
      await runner.query(text, [1]); // first use: unnamed
      await runner.startTransaction();
      await expect(runner.query(`SELECT 1/0`)).rejects.toThrow('division by zero');
      // The second use is sent with its Parse, which the aborted transaction refuses.
      await expect(runner.query(text, [2])).rejects.toThrow('current transaction is aborted');
      await runner.rollbackTransaction();
      expect((await preparedOn(runner)).map((p) => p.name)).not.toContain(statementName(text));
      expect(await runner.query(text, [3])).toEqual([{ v: 2 }]);
      expect(await runner.query(text, [4])).toEqual([{ v: 3 }]);
      expect((await preparedOn(runner)).map((p) => p.name)).toContain(statementName(text));
    });
  });

  it('keeps a prepared statement usable after it failed and after a rolled-back transaction', async () => {
    const ids = [randomUUID(), randomUUID()];
    await cached.query(insert, [[ids[0]], [1]]);
    await cached.query(insert, [[ids[1]], [2]]); // prepared from here on (on whichever connection ran it)
    await expect(cached.query(insert, [[ids[0]], [3]])).rejects.toMatchObject({ code: '23505' });
    const third = randomUUID();
    await expect(
      pipelinedTransaction(cached, async (manager) => {
        await manager.query(insert, [[third], [3]]);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    const fourth = randomUUID();
    await pipelinedTransaction(cached, (manager) => manager.query(insert, [[fourth], [4]]));
    const rows = (await cached.query(`SELECT n FROM ${table} ORDER BY n`)) as { n: number }[];
    expect(rows.map((r) => r.n)).toEqual([1, 2, 4]);
  });
});
