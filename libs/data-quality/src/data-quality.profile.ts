import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataQualityFlagV1 } from '@riskstream/contracts';
import { followedRegistry, type ModelFollowingServiceConfig } from '@riskstream/model-registry-client';

export const DATA_QUALITY_SETTINGS = 'riskstream:data-quality:DATA_QUALITY_SETTINGS';

export interface DataQualitySettings {
  /**
   * The default bundle, whose training ranges define "far outside" when the model registry has no production
   * version of the model (or when no registry is configured).
   */
  bundleDir: string;
  /** The model registry whose production version's ranges apply (see DataQualityReference); null: bundleDir only. */
  registry?: { url: string; modelName: string; pollIntervalMs: number } | null;
  /** The service checking (names its lifecycle-event consumer groups, `<service>-model-watch-…`). */
  serviceName: string;
}

/** A service's data-quality settings from its model-following configuration (MODEL_BUNDLE_DIR, MODEL_REGISTRY_*). */
export function dataQualitySettingsOf(
  config: ModelFollowingServiceConfig,
  serviceName: string,
): DataQualitySettings {
  return { bundleDir: config.MODEL_BUNDLE_DIR, registry: followedRegistry(config), serviceName };
}

interface ReferenceFeature {
  min?: number;
  max?: number;
}

/**
 * The training range of each model feature, from the bundle's reference distributions. A value outside it is
 * flagged on the event that carries it (and counted), not rejected: the model extrapolates there, a human may want
 * to look, but the application itself is valid. Ingestion checks the features of an application alone and of a
 * bureau report alone; features checks those that need both, once it has joined them.
 */
export class DataQualityProfile {
  readonly modelVersion: string;
  private readonly ranges: [string, number, number][];

  constructor(manifest: {
    modelVersion?: string;
    referenceDistributions?: { features?: Record<string, ReferenceFeature> };
  }) {
    this.modelVersion = manifest.modelVersion ?? 'unknown';
    this.ranges = Object.entries(manifest.referenceDistributions?.features ?? {})
      .filter(([, f]) => typeof f.min === 'number' && typeof f.max === 'number' && f.max > f.min)
      .map(([name, f]) => [name, f.min!, f.max!]);
  }

  static fromBundle(dir: string): DataQualityProfile {
    return new DataQualityProfile(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')));
  }

  get featureCount(): number {
    return this.ranges.length;
  }

  /** Values outside their training range, among `only` (every feature with a range when left out). */
  flags(features: Record<string, number>, only?: ReadonlySet<string>): DataQualityFlagV1[] {
    const out: DataQualityFlagV1[] = [];
    for (const [field, min, max] of this.ranges) {
      if (only && !only.has(field)) continue;
      const value = features[field];
      if (value === undefined) continue;
      if (value < min) out.push({ field, issue: 'BELOW_REFERENCE_RANGE', value, reference: min });
      else if (value > max) out.push({ field, issue: 'ABOVE_REFERENCE_RANGE', value, reference: max });
    }
    return out;
  }
}
