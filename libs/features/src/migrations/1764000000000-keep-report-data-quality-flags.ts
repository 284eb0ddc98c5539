import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The latest report's data-quality flags (its own values outside the model's training ranges, flagged by
 * ingestion), so that an application joined with it later carries them on its features event. NULL: none, or a
 * report validated before flags existed. Adding a nullable column without a default does not rewrite the table.
 */
export class KeepReportDataQualityFlags1764000000000 implements MigrationInterface {
  name = 'KeepReportDataQualityFlags1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE features.credit_reports ADD COLUMN data_quality_flags json`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE features.credit_reports DROP COLUMN data_quality_flags`);
  }
}
