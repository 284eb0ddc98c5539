import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AddFeatureJoinTables1763790000000 implements MigrationInterface {
  name = 'AddFeatureJoinTables1763790000000';

  async up(q: QueryRunner): Promise<void> {
    // Latest bureau report per customer: what an application is joined with.
    await q.query(`
      CREATE TABLE features.credit_reports (
        customer_id text PRIMARY KEY,
        report_id uuid NOT NULL,
        reported_at timestamptz NOT NULL,
        prior_default_on_file boolean NOT NULL,
        credit_history_length_years integer NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Every validated application; PENDING ones wait for their bureau report until the deadline.
    await q.query(`
      CREATE TABLE features.applications (
        application_id uuid PRIMARY KEY,
        customer_id text NOT NULL,
        validated jsonb NOT NULL,
        source_event_id text NOT NULL,
        status text NOT NULL CHECK (status IN ('PENDING', 'COMPUTED', 'REJECTED')),
        deadline timestamptz NOT NULL,
        bureau_status text,
        bureau_report_id uuid,
        received_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz
      )`);
    await q.query(
      `CREATE INDEX applications_pending_customer_idx ON features.applications (customer_id) WHERE status = 'PENDING'`,
    );
    await q.query(
      `CREATE INDEX applications_pending_deadline_idx ON features.applications (deadline) WHERE status = 'PENDING'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE features.applications`);
    await q.query(`DROP TABLE features.credit_reports`);
  }
}
