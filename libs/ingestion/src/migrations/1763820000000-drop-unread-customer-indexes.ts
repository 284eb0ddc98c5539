import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The intake tables are the audit record of what arrived, read by id (application id, report id). Nothing reads
 * them by customer: features keeps the latest report per customer in its own table, and a customer's
 * applications are found through scoring.predictions (indexed by customer) and then here by id. Each of these
 * indexes cost a random B-tree insert (and, after a checkpoint, a full-page image in the WAL) per event.
 */
export class DropUnreadCustomerIndexes1763820000000 implements MigrationInterface {
  name = 'DropUnreadCustomerIndexes1763820000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS ingestion.loan_applications_customer_idx`);
    await q.query(`DROP INDEX IF EXISTS ingestion.credit_reports_customer_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX loan_applications_customer_idx ON ingestion.loan_applications (customer_id)`);
    await q.query(
      `CREATE INDEX credit_reports_customer_idx ON ingestion.credit_reports (customer_id, reported_at DESC)`,
    );
  }
}
