import { ModelFollowingServiceConfig } from '@riskstream/model-registry-client';
import { IsInt, Max, Min } from 'class-validator';

/**
 * MODEL_BUNDLE_DIR, MODEL_REGISTRY_URL and MODEL_NAME (shared with scoring): the production version of MODEL_NAME
 * in the registry, or else the default bundle, defines the training ranges behind the data-quality flags.
 */
export class IngestionConfig extends ModelFollowingServiceConfig {
  override PORT = 3001;

  /** How often the registry's production version is checked (promotions reach the checks within this time). */
  @IsInt({ message: 'must be an integer between 1000 and 3600000 (milliseconds)' })
  @Min(1_000, { message: 'must be an integer between 1000 and 3600000 (milliseconds)' })
  @Max(3_600_000, { message: 'must be an integer between 1000 and 3600000 (milliseconds)' })
  MODEL_REGISTRY_POLL_MS: number = 30_000;
}
