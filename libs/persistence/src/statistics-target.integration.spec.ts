import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { KEYED_TABLE_STATISTICS_TARGET, keyedTableStatisticsMigration } from './statistics-target.js';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://riskstream:riskstream@127.0.0.1:5433/riskstream';

describe('keyedTableStatisticsMigration (real PostgreSQL)', () => {
  const dataSource = new DataSource({ type: 'postgres', url: DATABASE_URL });
  const tables = [0, 1].map((i) => `public.statistics_target_test_${randomUUID().slice(0, 8)}_${i}`);

  beforeAll(async () => {
    await dataSource.initialize();
    for (const table of tables) {
      await dataSource.query(`CREATE TABLE ${table} (id uuid PRIMARY KEY, "Mixed Case" int, at timestamptz)`);
      await dataSource.query(`ALTER TABLE ${table} DROP COLUMN at`); // a dropped column is skipped
      await dataSource.query(
        `INSERT INTO ${table} SELECT gen_random_uuid(), n FROM generate_series(1, 20000) AS n`,
      );
    }
  });

  afterAll(async () => {
    for (const table of tables) await dataSource.query(`DROP TABLE IF EXISTS ${table}`);
    await dataSource.destroy();
  });

  // -1 (or NULL since PostgreSQL 17) is the default target.
  const targets = async (table: string) =>
    (
      (await dataSource.query(
        `SELECT attname, COALESCE(attstattarget, -1)::int AS target FROM pg_attribute
          WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
        [table],
      )) as { attname: string; target: number }[]
    ).map((r) => [r.attname, r.target]);

  const histogramBounds = async (table: string) => {
    await dataSource.query(`ANALYZE ${table}`);
    const [row] = (await dataSource.query(
      `SELECT array_length(histogram_bounds::text::text[], 1) AS n FROM pg_stats
        WHERE schemaname = 'public' AND tablename = $1 AND attname = 'Mixed Case'`,
      [table.split('.')[1]],
    )) as { n: number }[];
    return row?.n;
  };

  it('sets every column of every table to the low target (ANALYZE then keeps 10 buckets), and back', async () => {
    const Migration = keyedTableStatisticsMigration('KeyedTableStatisticsTest', 1763870000000, tables);
    const migration = new Migration();
    expect(migration.name).toBe('KeyedTableStatisticsTest1763870000000');
    expect(await histogramBounds(tables[0]!)).toBe(101);
    const runner = dataSource.createQueryRunner();
    try {
      await migration.up(runner);
      for (const table of tables)
        expect(await targets(table)).toEqual([
          ['id', KEYED_TABLE_STATISTICS_TARGET],
          ['Mixed Case', KEYED_TABLE_STATISTICS_TARGET],
        ]);
      expect(await histogramBounds(tables[0]!)).toBe(KEYED_TABLE_STATISTICS_TARGET + 1);
      await migration.down(runner);
      for (const table of tables)
        expect(await targets(table)).toEqual([
          ['id', -1],
          ['Mixed Case', -1],
        ]);
    } finally {
      await runner.release();
    }
  });

  it('refuses a table name it would have to quote', () => {
    expect(() => keyedTableStatisticsMigration('X', 1, ['predictions'])).toThrow(/schema-qualified/);
    expect(() => keyedTableStatisticsMigration('X', 1, [])).toThrow(/at least one table/);
  });
});
