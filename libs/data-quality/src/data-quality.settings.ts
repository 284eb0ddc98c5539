import {
  followedRegistry,
  type FollowedRegistry,
  type ModelFollowingServiceConfig,
} from '@riskstream/model-registry-client';

export const DATA_QUALITY_SETTINGS = 'riskstream:data-quality:DATA_QUALITY_SETTINGS';

export interface DataQualitySettings {
  /**
   * The default bundle, whose training ranges define "far outside" when the model registry has no production
   * version of the model (or when no registry is configured).
   */
  bundleDir: string;
  /** The model registry whose production version's ranges apply (see DataQualityReference); null: bundleDir only. */
  registry?: FollowedRegistry | null;
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
