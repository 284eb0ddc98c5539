import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AddCreditReports1763790000000 implements MigrationInterface {
  name = 'AddCreditReports1763790000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ingestion.credit_reports (
        report_id uuid PRIMARY KEY,
        customer_id text NOT NULL,
        reported_at timestamptz NOT NULL,
        payload jsonb NOT NULL,
        event_id text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX credit_reports_customer_idx ON ingestion.credit_reports (customer_id, reported_at DESC)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ingestion.credit_reports`);
  }
}
