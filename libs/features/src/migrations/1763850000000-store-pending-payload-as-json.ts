import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A parked application's payload is written once and read back whole when its report or its deadline comes;
 * nothing queries inside it. `json` stores it as written, where `jsonb` re-encodes it (every number parsed into a
 * `numeric`), a third of the cost of inserting the row. The conversion rewrites the table once.
 */
export class StorePendingPayloadAsJson1763850000000 implements MigrationInterface {
  name = 'StorePendingPayloadAsJson1763850000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE features.applications ALTER COLUMN validated TYPE json USING validated::json`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE features.applications ALTER COLUMN validated TYPE jsonb USING validated::jsonb`,
    );
  }
}
