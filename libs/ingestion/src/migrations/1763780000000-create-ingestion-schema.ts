import { createMessagingTables, dropMessagingTables } from '@riskstream/messaging';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIngestionSchema1763780000000 implements MigrationInterface {
  name = 'CreateIngestionSchema1763780000000';

  async up(q: QueryRunner): Promise<void> {
    await createMessagingTables(q, 'ingestion');
    await q.query(`
      CREATE TABLE ingestion.loan_applications (
        application_id uuid PRIMARY KEY,
        customer_id text NOT NULL,
        submitted_at timestamptz NOT NULL,
        payload jsonb NOT NULL,
        payload_sha256 text NOT NULL,
        event_id text NOT NULL,
        source_topic text NOT NULL,
        source_partition integer NOT NULL,
        source_offset bigint NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX loan_applications_customer_idx ON ingestion.loan_applications (customer_id)`);
    await q.query(`
      CREATE TABLE ingestion.rejected_events (
        source_event_id text PRIMARY KEY,
        subject text NOT NULL,
        subject_id text,
        source_topic text NOT NULL,
        source_partition integer NOT NULL,
        source_offset bigint NOT NULL,
        reasons jsonb NOT NULL,
        payload_bytes integer NOT NULL,
        payload_sha256 text NOT NULL,
        rejected_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX rejected_events_subject_idx ON ingestion.rejected_events (subject_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ingestion.rejected_events`);
    await q.query(`DROP TABLE ingestion.loan_applications`);
    await dropMessagingTables(q, 'ingestion');
  }
}
