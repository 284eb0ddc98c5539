import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { GROWING_TABLE_VACUUM_INSERTS, growingTableVacuumMigration } from './growing-table-vacuum.js';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://riskstream:riskstream@127.0.0.1:5433/riskstream';

describe('growingTableVacuumMigration (real PostgreSQL)', () => {
  const dataSource = new DataSource({ type: 'postgres', url: DATABASE_URL });
  const tables = [1, 2].map((n) => `public.growing_vacuum_test_${randomUUID().slice(0, 8)}_${n}`);
  const options = async (table: string) =>
    (
      (await dataSource.query(`SELECT reloptions FROM pg_class WHERE oid = $1::regclass`, [table])) as {
        reloptions: string[] | null;
      }[]
    )[0]!.reloptions;

  beforeAll(async () => {
    await dataSource.initialize();
    for (const table of tables) await dataSource.query(`CREATE TABLE ${table} (id bigint PRIMARY KEY)`);
  });

  afterAll(async () => {
    for (const table of tables) await dataSource.query(`DROP TABLE IF EXISTS ${table}`);
    await dataSource.destroy();
  });

  it('has autovacuum pass over each table every 20,000 inserts, and undoes that on the way down', async () => {
    const Migration = growingTableVacuumMigration('GrowingVacuumTest1763840000000', tables);
    const migration = new Migration();
    expect(migration.name).toBe('GrowingVacuumTest1763840000000');
    const runner = dataSource.createQueryRunner();
    try {
      await migration.up(runner);
      for (const table of tables)
        expect(await options(table)).toEqual([
          `autovacuum_vacuum_insert_threshold=${GROWING_TABLE_VACUUM_INSERTS}`,
          'autovacuum_vacuum_insert_scale_factor=0',
        ]);
      await migration.down(runner);
      for (const table of tables) expect(await options(table)).toBeNull();
    } finally {
      await runner.release();
    }
  });
});
