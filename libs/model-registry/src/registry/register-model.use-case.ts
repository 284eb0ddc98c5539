import { randomUUID } from 'node:crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import { TOPICS } from '@riskstream/contracts';
import { bulkInsert } from '@riskstream/persistence';
import { sha256Hex } from '@riskstream/scoring';
import { DomainException } from '@riskstream/service-platform';
import { collectBundleFiles, type BundleUpload } from './bundle-upload.js';
import { BundleVerifier } from './bundle-verifier.js';
import { ModelRegistryErrorCode } from './model-registry-error-code.js';
import { ModelRegistryMetrics } from './model-registry-metrics.js';
import type { RegisterModelFields } from './model-registry.requests.js';
import { summariseMetrics, type ModelVersionView } from './model-registry.views.js';
import {
  ModelVersionsRepository,
  toVersionView,
  VERSION_COLUMNS,
  type VersionRow,
} from './model-versions.repository.js';
import { RegistryTransactions } from './registry-transactions.js';

export interface RegistrationResult {
  /** false when this exact bundle was registered before (nothing was written). */
  created: boolean;
  version: ModelVersionView;
}

/**
 * Registers a bundle: verified exactly as scoring verifies it, stored with its files, stage NONE, an audit row and
 * a REGISTERED lifecycle event in one transaction. Registering the identical bundle again changes nothing; another
 * bundle under an already registered version is a conflict (a version names one bundle forever).
 */
@Injectable()
export class RegisterModelUseCase {
  constructor(
    private readonly verifier: BundleVerifier,
    private readonly versions: ModelVersionsRepository,
    private readonly transactions: RegistryTransactions,
    private readonly metrics: ModelRegistryMetrics,
  ) {}

  async execute(upload: BundleUpload | undefined, fields: RegisterModelFields): Promise<RegistrationResult> {
    const files = collectBundleFiles(upload);
    let bundle;
    try {
      bundle = await this.verifier.verify(files);
    } catch (error) {
      this.metrics.registrations.inc({ outcome: 'rejected' });
      throw error;
    }
    const declared: [keyof RegisterModelFields, string][] = [
      ['modelName', bundle.modelName],
      ['modelVersion', bundle.modelVersion],
      ['bundleSha256', bundle.digest],
    ];
    const mismatches = declared.filter(
      ([field, actual]) => fields[field] !== undefined && fields[field] !== actual,
    );
    if (mismatches.length > 0) {
      this.metrics.registrations.inc({ outcome: 'rejected' });
      throw new DomainException(
        ModelRegistryErrorCode.DeclaredMetadataMismatch,
        `the upload declares ${mismatches.map(([f]) => `${f} ${fields[f]}`).join(', ')} but the bundle is ${mismatches
          .map(([f, actual]) => `${f} ${actual}`)
          .join(', ')}`,
        HttpStatus.UNPROCESSABLE_ENTITY,
        mismatches.map(([field, actual]) => ({
          field,
          rule: 'bundle.declared_mismatch',
          message: `the bundle's ${field} is ${actual}`,
          value: fields[field] ?? null,
        })),
      );
    }

    const actor = fields.registeredBy?.trim() || 'unspecified';
    const manifest = bundle.manifest;
    const size = [...files.values()].reduce((sum, bytes) => sum + bytes.length, 0);
    const result = await this.transactions
      .run(async (manager, outbox) => {
        const inserted = (await manager.query(
          `INSERT INTO model_registry.model_versions
           (model_name, model_version, bundle_sha256, manifest, metrics, model_family, feature_spec_version,
            size_bytes, registered_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (model_name, model_version) DO NOTHING
         RETURNING ${VERSION_COLUMNS}`,
          [
            bundle.modelName,
            bundle.modelVersion,
            bundle.digest,
            JSON.stringify(manifest),
            JSON.stringify(summariseMetrics(manifest.metrics)),
            manifest.model.family,
            manifest.featureSpec.version,
            size,
            actor,
          ],
        )) as VersionRow[];
        const row = inserted[0];
        if (!row) {
          const existing = await this.versions.findVersion(bundle.modelName, bundle.modelVersion, manager);
          if (existing?.bundle_sha256 === bundle.digest) return { created: false, row: existing };
          throw new DomainException(
            ModelRegistryErrorCode.VersionConflict,
            `${bundle.modelName} ${bundle.modelVersion} is already registered with another bundle ` +
              `(${existing?.bundle_sha256 ?? 'unknown'}, this one is ${bundle.digest}); a version names one bundle forever`,
            HttpStatus.CONFLICT,
          );
        }
        await bulkInsert(
          manager,
          'model_registry.model_artifacts',
          ['version_id', 'path', 'sha256', 'size_bytes', 'content'],
          [...files].map(([path, bytes]) => [row.id, path, sha256Hex(bytes), bytes.length, bytes]),
        );
        const eventId = randomUUID();
        const change = await this.versions.recordChange(manager, {
          modelName: bundle.modelName,
          action: 'REGISTERED',
          fromVersion: null,
          toVersion: bundle.modelVersion,
          actor,
          reason: null,
          eventId,
        });
        await outbox.add(
          TOPICS.modelLifecycle,
          {
            modelName: bundle.modelName,
            modelVersion: bundle.modelVersion,
            action: 'REGISTERED',
            stage: 'NONE',
            previousVersion: null,
            bundleSha256: bundle.digest,
            actor,
            occurredAt: change.occurredAt,
          },
          { eventId, correlationId: bundle.modelName },
        );
        return { created: true, row };
      })
      .catch((error: unknown) => {
        if (error instanceof DomainException && error.code === ModelRegistryErrorCode.VersionConflict)
          this.metrics.registrations.inc({ outcome: 'conflict' });
        throw error;
      });
    this.metrics.registrations.inc({ outcome: result.created ? 'registered' : 'identical' });
    return { created: result.created, version: toVersionView(result.row) };
  }
}
