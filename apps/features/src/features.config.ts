import { ModelFollowingServiceConfig } from '@riskstream/model-registry-client';
import { IsInt, Max, Min } from 'class-validator';

/**
 * MODEL_BUNDLE_DIR, MODEL_REGISTRY_URL, MODEL_NAME and MODEL_REGISTRY_POLL_MS (shared with scoring and ingestion): the
 * production version of MODEL_NAME in the registry, or else the default bundle, defines the training ranges the
 * joined features (application and bureau report together) are flagged against.
 */
export class FeaturesConfig extends ModelFollowingServiceConfig {
  override PORT = 3002;

  /** How long an application waits for its bureau report before it is scored without one. */
  @IsInt()
  @Min(0)
  @Max(24 * 3600 * 1000)
  BUREAU_GRACE_MS: number = 10_000;

  @IsInt()
  @Min(50)
  @Max(60_000)
  BUREAU_GRACE_SWEEP_MS: number = 500;
}
