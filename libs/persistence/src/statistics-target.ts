import type { MigrationInterface, QueryRunner } from 'typeorm';
import { checkTableNames } from './migration-table-names.js';

/** Statistics target of every column of a large table read only by key (PostgreSQL's default is 100). */
export const KEYED_TABLE_STATISTICS_TARGET = 10;

/**
 * ANALYZE samples 300 × the largest statistics target of a table's columns: 30,000 rows by default, nearly one
 * page each in a table of millions of rows, most of them no longer in memory. On the intake, join and prediction
 * tables autovacuum's analyze read ~29,000 pages per run, 5–13 s of random reads beside the pipeline's commits
 * (docs/benchmarks.md). These tables are read by unique key or by an indexed equality; the planner needs little
 * more than their size, which vacuum keeps current, so a target of 10 (3,000 rows, a tenth of the reads) is
 * enough: a unique key's sample is still all distinct, a status column's few values still fit its list of most
 * common values. A column added later starts at the default target: its migration sets this one.
 */
export function keyedTableStatisticsMigration(
  name: string,
  timestamp: number,
  tables: readonly string[],
): new () => MigrationInterface {
  checkTableNames('keyedTableStatisticsMigration', tables);
  const setAll = (q: QueryRunner, table: string, target: number) =>
    q.query(
      `DO $$ DECLARE c name; BEGIN
         FOR c IN SELECT attname FROM pg_attribute
                   WHERE attrelid = '${table}'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum LOOP
           EXECUTE format('ALTER TABLE ${table} ALTER COLUMN %I SET STATISTICS ${target}', c);
         END LOOP;
       END $$`,
    );
  return class implements MigrationInterface {
    name = `${name}${timestamp}`;

    async up(q: QueryRunner): Promise<void> {
      for (const table of tables) await setAll(q, table, KEYED_TABLE_STATISTICS_TARGET);
    }

    async down(q: QueryRunner): Promise<void> {
      for (const table of tables) await setAll(q, table, -1); // -1: default_statistics_target
    }
  };
}
