import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { LOGGER } from '@riskstream/observability';
import { sha256Hex } from '@riskstream/scoring';
import { DomainException } from '@riskstream/service-platform';
import type { Logger } from 'pino';
import { ModelRegistryErrorCode } from './model-registry-error-code.js';
import type {
  ModelFilesView,
  ModelVersionDetailView,
  ModelVersionView,
  StageChangeView,
} from './model-registry.views.js';
import {
  ModelVersionsRepository,
  toVersionView,
  versionNotFound,
  type VersionRow,
} from './model-versions.repository.js';

/** Read side of the registry: versions, the production version, files and the audit trail. */
@Injectable()
export class ModelCatalog {
  constructor(
    private readonly versions: ModelVersionsRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async list(modelName: string): Promise<ModelVersionView[]> {
    const rows = await this.versions.listVersions(modelName);
    if (rows.length === 0)
      throw new DomainException(
        ModelRegistryErrorCode.ModelNotFound,
        `no version of model ${modelName} is registered`,
        HttpStatus.NOT_FOUND,
      );
    return rows.map(toVersionView);
  }

  async get(modelName: string, modelVersion: string): Promise<ModelVersionDetailView> {
    const row = await this.require(modelName, modelVersion);
    return {
      ...toVersionView(row),
      manifest: await this.versions.manifestSummary(row.id),
      files: await this.versions.listFiles(row.id),
    };
  }

  async production(modelName: string): Promise<ModelVersionView> {
    const row = await this.versions.findProduction(modelName);
    if (!row)
      throw new DomainException(
        ModelRegistryErrorCode.NoProductionVersion,
        `model ${modelName} has no production version`,
        HttpStatus.NOT_FOUND,
      );
    return toVersionView(row);
  }

  async files(modelName: string, modelVersion: string): Promise<ModelFilesView> {
    const row = await this.require(modelName, modelVersion);
    return {
      modelName: row.model_name,
      modelVersion: row.model_version,
      bundleSha256: row.bundle_sha256,
      files: await this.versions.listFiles(row.id),
    };
  }

  /** A file's bytes, checked against the sha256 recorded at registration: damaged bytes are never served. */
  async file(
    modelName: string,
    modelVersion: string,
    path: string,
  ): Promise<{ sha256: string; content: Buffer }> {
    const row = await this.require(modelName, modelVersion);
    const file = await this.versions.readFile(row.id, path);
    if (!file)
      throw new DomainException(
        ModelRegistryErrorCode.FileNotFound,
        `${modelName} ${modelVersion} has no file ${path}`,
        HttpStatus.NOT_FOUND,
      );
    const actual = sha256Hex(file.content);
    if (actual !== file.sha256) {
      this.logger.error(
        { modelName, modelVersion, path, expected: file.sha256, actual },
        'stored model file does not match its sha256: refusing to serve it',
      );
      throw new DomainException(
        ModelRegistryErrorCode.ArtifactCorrupted,
        `the stored bytes of ${path} (${modelName} ${modelVersion}) no longer match their sha256`,
        HttpStatus.INTERNAL_SERVER_ERROR,
      );
    }
    return file;
  }

  history(modelName: string): Promise<StageChangeView[]> {
    return this.versions.history(modelName);
  }

  private async require(modelName: string, modelVersion: string): Promise<VersionRow> {
    const row = await this.versions.findVersion(modelName, modelVersion);
    if (!row) throw versionNotFound(modelName, modelVersion);
    return row;
  }
}
