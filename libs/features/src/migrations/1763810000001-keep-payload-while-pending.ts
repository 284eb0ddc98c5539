import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An application's validated payload is only needed while it waits for its bureau report (the grace sweeper and
 * the report handler complete it from the row). Rows written complete, and rows once completed, keep no copy: the
 * features event carries the result, and ingestion keeps the submitted payload.
 */
export class KeepPayloadWhilePending1763810000001 implements MigrationInterface {
  name = 'KeepPayloadWhilePending1763810000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE features.applications ALTER COLUMN validated DROP NOT NULL`);
    await q.query(
      `ALTER TABLE features.applications ADD CONSTRAINT applications_pending_payload_check
         CHECK (status <> 'PENDING' OR validated IS NOT NULL)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE features.applications DROP CONSTRAINT applications_pending_payload_check`);
    await q.query(`UPDATE features.applications SET validated = '{}'::jsonb WHERE validated IS NULL`);
    await q.query(`ALTER TABLE features.applications ALTER COLUMN validated SET NOT NULL`);
  }
}
