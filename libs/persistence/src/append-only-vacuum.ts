import type { MigrationInterface, QueryRunner } from 'typeorm';
import { checkTableNames } from './migration-table-names.js';

/** Rows inserted into an append-only table between two of its vacuums. */
export const APPEND_ONLY_VACUUM_INSERTS = 50_000;

/**
 * Autovacuum for tables that are written once and rarely changed (intake records, predictions): vacuumed every
 * 50,000 inserts instead of every 20 % of the table, and their rows frozen by that first vacuum.
 *
 * With PostgreSQL's defaults, a table of 5 million rows was vacuumed once a million rows had piled up; by then its
 * new pages had been written out by a checkpoint, so setting them all-visible and freezing them logged a full-page
 * image each (data checksums are on): ~300 MB of WAL and 10–20 s of I/O per table, which stalled the pipeline's
 * commits for up to a second. Vacuumed soon after they fill, the pages are still dirty since the last checkpoint and
 * need no image; frozen then, they are never visited again (no anti-wraparound vacuum reading the whole table later).
 */
export function appendOnlyVacuumMigration(
  name: string,
  timestamp: number,
  tables: readonly string[],
): new () => MigrationInterface {
  checkTableNames('appendOnlyVacuumMigration', tables);
  return class implements MigrationInterface {
    name = `${name}${timestamp}`;

    async up(q: QueryRunner): Promise<void> {
      for (const table of tables)
        await q.query(
          `ALTER TABLE ${table} SET (autovacuum_vacuum_insert_threshold = ${APPEND_ONLY_VACUUM_INSERTS},
             autovacuum_vacuum_insert_scale_factor = 0, autovacuum_freeze_min_age = 0)`,
        );
    }

    async down(q: QueryRunner): Promise<void> {
      for (const table of tables)
        await q.query(
          `ALTER TABLE ${table} RESET (autovacuum_vacuum_insert_threshold, autovacuum_vacuum_insert_scale_factor,
             autovacuum_freeze_min_age)`,
        );
    }
  };
}
