import { BaseServiceConfig, IsHttpUrl } from '@riskstream/config';
// The subpath, not the package: the whole scoring lib would load onnxruntime's native library into every service
// that only needs the bundle's path (ingestion and features).
import { DEFAULT_BUNDLE_DIR } from '@riskstream/scoring/default-bundle';
import { IsInt, IsString, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';
import { MODEL_NAME_PATTERN, REGISTRY_OFF } from './registry-settings.js';

/**
 * Configuration shared by the services that follow the registry's production version of one model (scoring serves
 * it, ingestion and features check values against its training ranges). Each service adds its own settings.
 */
export abstract class ModelFollowingServiceConfig extends BaseServiceConfig {
  /**
   * The default bundle (verified at load): used when the registry has no production version of MODEL_NAME, or when
   * MODEL_REGISTRY_URL is off. Defaults to the bundle shipped in the repo.
   */
  @IsString()
  @MinLength(1)
  MODEL_BUNDLE_DIR: string = DEFAULT_BUNDLE_DIR;

  /** The model registry followed; `off`: MODEL_BUNDLE_DIR only. */
  @ValidateIf((config: ModelFollowingServiceConfig) => config.MODEL_REGISTRY_URL !== REGISTRY_OFF)
  @IsHttpUrl({
    message: `must be an http:// or https:// URL, or ${REGISTRY_OFF} to use MODEL_BUNDLE_DIR only`,
  })
  MODEL_REGISTRY_URL: string = 'http://127.0.0.1:3006';

  /** The model followed in the registry (the default bundle's modelName). */
  @Matches(MODEL_NAME_PATTERN, { message: "must be a model name: 1-128 letters, digits, '.', '_' or '-'" })
  MODEL_NAME: string = 'credit-risk-pd';

  /**
   * Safety poll of the registry's production version: promotions and rollbacks are followed as their lifecycle
   * events arrive, the poll covers an event missed while Kafka or the service's consumer was down.
   */
  @IsInt({ message: 'must be an integer between 1000 and 3600000 (milliseconds)' })
  @Min(1_000, { message: 'must be an integer between 1000 and 3600000 (milliseconds)' })
  @Max(3_600_000, { message: 'must be an integer between 1000 and 3600000 (milliseconds)' })
  MODEL_REGISTRY_POLL_MS: number = 60_000;
}

/** The registry a service follows: where it is, the model followed, and how often it is polled. */
export interface FollowedRegistry {
  url: string;
  modelName: string;
  pollIntervalMs: number;
}

/** The registry a service follows, from its configuration: null when MODEL_REGISTRY_URL is off. */
export function followedRegistry(config: ModelFollowingServiceConfig): FollowedRegistry | null {
  if (config.MODEL_REGISTRY_URL === REGISTRY_OFF) return null;
  return {
    url: config.MODEL_REGISTRY_URL,
    modelName: config.MODEL_NAME,
    pollIntervalMs: config.MODEL_REGISTRY_POLL_MS,
  };
}
