import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Inserts after which autovacuum passes over a growing table (instead of 20 % of the table's size). */
export const GROWING_TABLE_VACUUM_INSERTS = 20_000;

/**
 * Autovacuum for tables that only grow (intake records, predictions: one row per application). By default
 * PostgreSQL vacuums such a table once inserts reach 20 % of its size: at 5 million applications, one pass over a
 * million new rows (3-4 s each, on average, for the largest). The pipeline's tables grow in step, so they crossed
 * that line together: a 500 applications/s latency window that met three such passes had p99 203 ms instead of
 * 89-96. A fixed threshold makes it a short pass every 20,000 inserts (~0.07 s measured), whatever the size.
 */
export function growingTableVacuumMigration(
  name: string,
  tables: readonly string[],
): new () => MigrationInterface {
  return class implements MigrationInterface {
    name = name;

    async up(q: QueryRunner): Promise<void> {
      for (const table of tables)
        await q.query(
          `ALTER TABLE ${table} SET (autovacuum_vacuum_insert_threshold = ${GROWING_TABLE_VACUUM_INSERTS},
             autovacuum_vacuum_insert_scale_factor = 0)`,
        );
    }

    async down(q: QueryRunner): Promise<void> {
      for (const table of tables)
        await q.query(
          `ALTER TABLE ${table} RESET (autovacuum_vacuum_insert_threshold, autovacuum_vacuum_insert_scale_factor)`,
        );
    }
  };
}
