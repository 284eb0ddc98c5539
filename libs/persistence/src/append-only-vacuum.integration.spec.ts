import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { APPEND_ONLY_VACUUM_INSERTS, appendOnlyVacuumMigration } from './append-only-vacuum.js';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://riskstream:riskstream@127.0.0.1:5433/riskstream';

describe('appendOnlyVacuumMigration (real PostgreSQL)', () => {
  const dataSource = new DataSource({ type: 'postgres', url: DATABASE_URL });
  const tables = [0, 1].map((i) => `public.append_only_test_${randomUUID().slice(0, 8)}_${i}`);

  beforeAll(async () => {
    await dataSource.initialize();
    for (const table of tables) await dataSource.query(`CREATE TABLE ${table} (id bigint PRIMARY KEY)`);
  });

  afterAll(async () => {
    for (const table of tables) await dataSource.query(`DROP TABLE IF EXISTS ${table}`);
    await dataSource.destroy();
  });

  const options = async (table: string): Promise<string[]> => {
    const [row] = (await dataSource.query(`SELECT reloptions FROM pg_class WHERE oid = $1::regclass`, [
      table,
    ])) as { reloptions: string[] | null }[];
    return [...(row?.reloptions ?? [])].sort();
  };

  it('sets the insert-driven vacuum and early freezing on every table, and removes them on the way down', async () => {
    const Migration = appendOnlyVacuumMigration('AppendOnlyVacuumTest', 1763860000000, tables);
    const migration = new Migration();
    expect(migration.name).toBe('AppendOnlyVacuumTest1763860000000');
    const runner = dataSource.createQueryRunner();
    try {
      await migration.up(runner);
      for (const table of tables)
        expect(await options(table)).toEqual([
          'autovacuum_freeze_min_age=0',
          'autovacuum_vacuum_insert_scale_factor=0',
          `autovacuum_vacuum_insert_threshold=${APPEND_ONLY_VACUUM_INSERTS}`,
        ]);
      await migration.down(runner);
      for (const table of tables) expect(await options(table)).toEqual([]);
    } finally {
      await runner.release();
    }
  });

  it('refuses a table name it would have to quote', () => {
    expect(() => appendOnlyVacuumMigration('X', 1, ['predictions'])).toThrow(/schema-qualified/);
    expect(() => appendOnlyVacuumMigration('X', 1, ['scoring.predictions; DROP TABLE x'])).toThrow(
      /schema-qualified/,
    );
    expect(() => appendOnlyVacuumMigration('X', 1, [])).toThrow(/at least one table/);
  });
});
