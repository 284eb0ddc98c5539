import { ModelFollowingServiceConfig } from '@riskstream/model-registry-client';

/**
 * MODEL_BUNDLE_DIR, MODEL_REGISTRY_URL, MODEL_NAME and MODEL_REGISTRY_POLL_MS (shared with scoring): the production
 * version of MODEL_NAME in the registry, or else the default bundle, defines the training ranges behind the
 * data-quality flags.
 */
export class IngestionConfig extends ModelFollowingServiceConfig {
  override PORT = 3001;
}
