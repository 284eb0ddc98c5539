import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AddModelRegistryTables1763800000000 implements MigrationInterface {
  name = 'AddModelRegistryTables1763800000000';

  async up(q: QueryRunner): Promise<void> {
    // One row per registered bundle. The bundle digest (sha256 of its bundle.sha256) covers the manifest, hence the
    // model name and version: one digest can only ever belong to one (model_name, model_version).
    await q.query(`
      CREATE TABLE model_registry.model_versions (
        id bigserial PRIMARY KEY,
        model_name text NOT NULL,
        model_version text NOT NULL,
        bundle_sha256 text NOT NULL CHECK (bundle_sha256 ~ '^[0-9a-f]{64}$'),
        stage text NOT NULL DEFAULT 'NONE' CHECK (stage IN ('NONE', 'STAGING', 'PRODUCTION', 'ARCHIVED')),
        manifest jsonb NOT NULL,
        metrics jsonb NOT NULL,
        model_family text NOT NULL,
        feature_spec_version text NOT NULL,
        size_bytes bigint NOT NULL,
        registered_at timestamptz NOT NULL DEFAULT now(),
        registered_by text NOT NULL,
        stage_changed_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (model_name, model_version),
        UNIQUE (bundle_sha256)
      )`);
    // At most one production version per model, whatever the application code does.
    await q.query(`
      CREATE UNIQUE INDEX model_versions_one_production_idx
        ON model_registry.model_versions (model_name) WHERE stage = 'PRODUCTION'`);

    // The bundle files themselves: the registry is the source of truth, scoring downloads from here (no shared disk).
    await q.query(`
      CREATE TABLE model_registry.model_artifacts (
        version_id bigint NOT NULL REFERENCES model_registry.model_versions (id) ON DELETE RESTRICT,
        path text NOT NULL,
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        size_bytes bigint NOT NULL,
        content bytea NOT NULL,
        PRIMARY KEY (version_id, path)
      )`);

    // Who changed which stage, when and why: append-only.
    await q.query(`
      CREATE TABLE model_registry.model_stage_changes (
        id bigserial PRIMARY KEY,
        model_name text NOT NULL,
        action text NOT NULL CHECK (action IN ('REGISTERED', 'PROMOTED', 'ROLLED_BACK', 'ARCHIVED')),
        from_version text,
        to_version text NOT NULL,
        actor text NOT NULL,
        reason text,
        event_id uuid NOT NULL UNIQUE,
        occurred_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX model_stage_changes_model_idx ON model_registry.model_stage_changes (model_name, id)`,
    );

    // Registered bytes and the audit trail are immutable in the database itself, not only in the code.
    await q.query(`
      CREATE FUNCTION model_registry.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'model_registry.% is immutable: % refused', TG_TABLE_NAME, TG_OP;
      END $$`);
    await q.query(`
      CREATE TRIGGER model_stage_changes_append_only BEFORE UPDATE OR DELETE ON model_registry.model_stage_changes
        FOR EACH ROW EXECUTE FUNCTION model_registry.refuse_change()`);
    await q.query(`
      CREATE TRIGGER model_stage_changes_no_truncate BEFORE TRUNCATE ON model_registry.model_stage_changes
        FOR EACH STATEMENT EXECUTE FUNCTION model_registry.refuse_change()`);
    await q.query(`
      CREATE TRIGGER model_artifacts_immutable BEFORE UPDATE ON model_registry.model_artifacts
        FOR EACH ROW EXECUTE FUNCTION model_registry.refuse_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE model_registry.model_stage_changes`);
    await q.query(`DROP TABLE model_registry.model_artifacts`);
    await q.query(`DROP TABLE model_registry.model_versions`);
    await q.query(`DROP FUNCTION model_registry.refuse_change()`);
  }
}
