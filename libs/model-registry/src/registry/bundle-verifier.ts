import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { HttpStatus, Injectable } from '@nestjs/common';
import { BundleRejectedError, loadModelBundle, type BundleManifest } from '@riskstream/scoring';
import { DomainException } from '@riskstream/service-platform';
import { ModelRegistryErrorCode } from './model-registry-error-code.js';
import { MODEL_NAME_PATTERN, MODEL_VERSION_PATTERN } from './model-registry.requests.js';

/** What registration learns from a bundle that passed every check scoring applies. */
export interface VerifiedBundle {
  modelName: string;
  modelVersion: string;
  /** sha256 of bundle.sha256. */
  digest: string;
  manifest: BundleManifest;
}

const rejected = (rule: string, field: string, message: string): DomainException =>
  new DomainException(ModelRegistryErrorCode.BundleRejected, message, HttpStatus.UNPROCESSABLE_ENTITY, [
    { field, rule, message, value: null },
  ]);

/**
 * Runs the scorer's own loader on an uploaded bundle (integrity, manifest, feature spec, every test vector through
 * ONNX and TreeSHAP), so the registry never accepts a bundle that scoring would refuse to serve.
 */
@Injectable()
export class BundleVerifier {
  async verify(files: ReadonlyMap<string, Buffer>): Promise<VerifiedBundle> {
    const dir = await mkdtemp(join(tmpdir(), 'riskstream-registry-'));
    try {
      for (const [path, bytes] of files) {
        const target = join(dir, ...path.split('/'));
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, bytes);
      }
      let bundle;
      try {
        bundle = await loadModelBundle(dir);
      } catch (error) {
        if (error instanceof BundleRejectedError)
          throw rejected(
            `bundle.${error.code}`,
            'bundle',
            `the bundle was rejected [${error.code}]: ${error.detail}`,
          );
        throw error;
      }
      const verified: VerifiedBundle = {
        modelName: bundle.modelName,
        modelVersion: bundle.modelVersion,
        digest: bundle.digest,
        manifest: bundle.manifest,
      };
      await bundle.close();
      if (!MODEL_NAME_PATTERN.test(verified.modelName))
        throw rejected(
          'bundle.model_name',
          'manifest.modelName',
          `modelName ${JSON.stringify(verified.modelName)} must be 1-128 letters, digits, '.', '_' or '-'`,
        );
      if (!MODEL_VERSION_PATTERN.test(verified.modelVersion))
        throw rejected(
          'bundle.model_version',
          'manifest.modelVersion',
          `modelVersion ${JSON.stringify(verified.modelVersion)} must be 1-64 letters, digits, '.', '_' or '-'`,
        );
      return verified;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}
