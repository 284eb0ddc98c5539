import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataQualityFlagV1 } from '@riskstream/contracts';

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
