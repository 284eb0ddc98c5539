import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AddPredictions1763790000000 implements MigrationInterface {
  name = 'AddPredictions1763790000000';

  async up(q: QueryRunner): Promise<void> {
    // One row per application and model version: re-processing the same features event can never add a row.
    await q.query(`
      CREATE TABLE scoring.predictions (
        application_id uuid NOT NULL,
        model_version text NOT NULL,
        model_name text NOT NULL,
        customer_id text NOT NULL,
        probability_of_default double precision NOT NULL,
        risk_band text NOT NULL,
        decision text NOT NULL CHECK (decision IN ('APPROVE', 'REVIEW', 'DECLINE')),
        reason_codes jsonb NOT NULL,
        feature_spec_version text NOT NULL,
        bundle_sha256 text NOT NULL,
        source_event_id text NOT NULL,
        features_computed_at timestamptz NOT NULL,
        scored_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (application_id, model_version)
      )`);
    await q.query(`CREATE INDEX predictions_scored_at_idx ON scoring.predictions (scored_at)`);
    await q.query(`CREATE INDEX predictions_customer_idx ON scoring.predictions (customer_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE scoring.predictions`);
  }
}
