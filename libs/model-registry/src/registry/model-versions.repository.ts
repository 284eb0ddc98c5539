import { HttpStatus, Injectable } from '@nestjs/common';
import type { ModelLifecycleAction, ModelStage } from '@riskstream/contracts';
import { DomainException } from '@riskstream/service-platform';
import { DataSource, type EntityManager } from 'typeorm';
import { ModelRegistryErrorCode } from './model-registry-error-code.js';
import type {
  ModelFileView,
  ModelMetricsSummary,
  ModelVersionView,
  StageChangeView,
} from './model-registry.views.js';
import type { StageChange } from './model-stage.js';

/** A model_versions row without its manifest. */
export interface VersionRow {
  id: string;
  model_name: string;
  model_version: string;
  bundle_sha256: string;
  stage: ModelStage;
  metrics: ModelMetricsSummary;
  model_family: string;
  feature_spec_version: string;
  size_bytes: string;
  registered_at: Date;
  registered_by: string;
  stage_changed_at: Date;
}

interface ChangeRow {
  id: string;
  model_name: string;
  action: ModelLifecycleAction;
  from_version: string | null;
  to_version: string;
  actor: string;
  reason: string | null;
  event_id: string;
  occurred_at: Date;
}

export const VERSION_COLUMNS = `id, model_name, model_version, bundle_sha256, stage, metrics, model_family,
  feature_spec_version, size_bytes, registered_at, registered_by, stage_changed_at`;

export function toVersionView(row: VersionRow): ModelVersionView {
  return {
    modelName: row.model_name,
    modelVersion: row.model_version,
    bundleSha256: row.bundle_sha256,
    stage: row.stage,
    modelFamily: row.model_family,
    featureSpecVersion: row.feature_spec_version,
    sizeBytes: Number(row.size_bytes),
    metrics: row.metrics,
    registeredAt: row.registered_at.toISOString(),
    registeredBy: row.registered_by,
    stageChangedAt: row.stage_changed_at.toISOString(),
  };
}

export function toChangeView(row: ChangeRow): StageChangeView {
  return {
    changeId: String(row.id),
    modelName: row.model_name,
    action: row.action,
    fromVersion: row.from_version,
    toVersion: row.to_version,
    actor: row.actor,
    reason: row.reason,
    eventId: row.event_id,
    occurredAt: row.occurred_at.toISOString(),
  };
}

export const versionNotFound = (modelName: string, modelVersion: string): DomainException =>
  new DomainException(
    ModelRegistryErrorCode.VersionNotFound,
    `model ${modelName} has no version ${modelVersion}`,
    HttpStatus.NOT_FOUND,
  );

/** SQL of the registry's tables. Methods taking a manager run inside the caller's transaction. */
@Injectable()
export class ModelVersionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Serialises stage changes of one model (promotions and rollbacks never interleave). */
  async lockModel(manager: EntityManager, modelName: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
      `model-registry/${modelName}`,
    ]);
  }

  async findVersion(
    modelName: string,
    modelVersion: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<VersionRow | undefined> {
    const rows = (await manager.query(
      `SELECT ${VERSION_COLUMNS} FROM model_registry.model_versions WHERE model_name = $1 AND model_version = $2`,
      [modelName, modelVersion],
    )) as VersionRow[];
    return rows[0];
  }

  async findProduction(
    modelName: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<VersionRow | undefined> {
    const rows = (await manager.query(
      `SELECT ${VERSION_COLUMNS} FROM model_registry.model_versions WHERE model_name = $1 AND stage = 'PRODUCTION'`,
      [modelName],
    )) as VersionRow[];
    return rows[0];
  }

  async listVersions(modelName: string): Promise<VersionRow[]> {
    return (await this.dataSource.query(
      `SELECT ${VERSION_COLUMNS} FROM model_registry.model_versions WHERE model_name = $1 ORDER BY id DESC`,
      [modelName],
    )) as VersionRow[];
  }

  /** The manifest without its bulky parts (tree arrays, test vectors, reference distributions). */
  async manifestSummary(versionId: string): Promise<Record<string, unknown>> {
    const rows = (await this.dataSource.query(
      `SELECT manifest - 'explainer' - 'testVectors' - 'referenceDistributions' AS manifest
         FROM model_registry.model_versions WHERE id = $1`,
      [versionId],
    )) as { manifest: Record<string, unknown> }[];
    return rows[0]?.manifest ?? {};
  }

  async listFiles(versionId: string): Promise<ModelFileView[]> {
    const rows = (await this.dataSource.query(
      `SELECT path, sha256, size_bytes FROM model_registry.model_artifacts WHERE version_id = $1 ORDER BY path`,
      [versionId],
    )) as { path: string; sha256: string; size_bytes: string }[];
    return rows.map((r) => ({ path: r.path, sha256: r.sha256, sizeBytes: Number(r.size_bytes) }));
  }

  async readFile(versionId: string, path: string): Promise<{ sha256: string; content: Buffer } | undefined> {
    const rows = (await this.dataSource.query(
      `SELECT sha256, content FROM model_registry.model_artifacts WHERE version_id = $1 AND path = $2`,
      [versionId, path],
    )) as { sha256: string; content: Buffer }[];
    return rows[0];
  }

  /** Sets a version's stage (the caller holds the model's lock). */
  async setStage(manager: EntityManager, versionId: string, stage: ModelStage): Promise<void> {
    await manager.query(
      `UPDATE model_registry.model_versions SET stage = $2, stage_changed_at = now() WHERE id = $1`,
      [versionId, stage],
    );
  }

  /** Appends an audit row. */
  async recordChange(
    manager: EntityManager,
    change: StageChange & { modelName: string; actor: string; reason: string | null; eventId: string },
  ): Promise<StageChangeView> {
    const rows = (await manager.query(
      `INSERT INTO model_registry.model_stage_changes (model_name, action, from_version, to_version, actor, reason, event_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [
        change.modelName,
        change.action,
        change.fromVersion,
        change.toVersion,
        change.actor,
        change.reason,
        change.eventId,
      ],
    )) as ChangeRow[];
    return toChangeView(rows[0]!);
  }

  /** The production-relevant part of a model's audit trail, oldest first. */
  async productionChanges(manager: EntityManager, modelName: string): Promise<StageChange[]> {
    const rows = (await manager.query(
      `SELECT action, from_version, to_version FROM model_registry.model_stage_changes
        WHERE model_name = $1 AND action IN ('PROMOTED', 'ROLLED_BACK') ORDER BY id`,
      [modelName],
    )) as { action: ModelLifecycleAction; from_version: string | null; to_version: string }[];
    return rows.map((r) => ({ action: r.action, fromVersion: r.from_version, toVersion: r.to_version }));
  }

  async history(modelName: string): Promise<StageChangeView[]> {
    const rows = (await this.dataSource.query(
      `SELECT * FROM model_registry.model_stage_changes WHERE model_name = $1 ORDER BY id`,
      [modelName],
    )) as ChangeRow[];
    return rows.map(toChangeView);
  }
}
