import { fileURLToPath } from 'node:url';
import { BaseServiceConfig, IsHttpUrl } from '@riskstream/config';
import { MODEL_NAME_PATTERN, REGISTRY_OFF } from '@riskstream/model-registry-client';
import { IsInt, IsString, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';

export class IngestionConfig extends BaseServiceConfig {
  override PORT = 3001;

  /**
   * The default bundle, whose training ranges define data-quality flags when the registry has no production
   * version of MODEL_NAME (or MODEL_REGISTRY_URL is off). Defaults to the bundle shipped in the repo.
   */
  @IsString()
  @MinLength(1)
  MODEL_BUNDLE_DIR: string = fileURLToPath(
    new URL('../../../libs/scoring/assets/default-bundle', import.meta.url),
  );

  /** The model registry whose production version of MODEL_NAME defines the reference; `off`: MODEL_BUNDLE_DIR only. */
  @ValidateIf((config: IngestionConfig) => config.MODEL_REGISTRY_URL !== REGISTRY_OFF)
  @IsHttpUrl({
    message: `must be an http:// or https:// URL, or ${REGISTRY_OFF} to use MODEL_BUNDLE_DIR only`,
  })
  MODEL_REGISTRY_URL: string = 'http://127.0.0.1:3006';

  /** The model whose production version's reference distributions are used (the default bundle's modelName). */
  @Matches(MODEL_NAME_PATTERN, {
    message: "must be a model name: 1-128 letters, digits, '.', '_' or '-'",
  })
  MODEL_NAME: string = 'credit-risk-pd';

  /** How often the registry's production version is checked (promotions reach the checks within this time). */
  @IsInt({ message: 'must be an integer between 1000 and 3600000 (milliseconds)' })
  @Min(1_000, { message: 'must be an integer between 1000 and 3600000 (milliseconds)' })
  @Max(3_600_000, { message: 'must be an integer between 1000 and 3600000 (milliseconds)' })
  MODEL_REGISTRY_POLL_MS: number = 30_000;
}
