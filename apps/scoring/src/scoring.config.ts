import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BaseServiceConfig, IsHttpUrl } from '@riskstream/config';
import { MODEL_NAME_PATTERN, REGISTRY_OFF } from '@riskstream/model-registry-client';
import { IsInt, IsString, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';

export class ScoringConfig extends BaseServiceConfig {
  override PORT = 3003;

  /**
   * The default bundle (verified at load): served when the registry has no production version of MODEL_NAME, or
   * when MODEL_REGISTRY_URL is off. Defaults to the bundle shipped in the repo.
   */
  @IsString()
  @MinLength(1)
  MODEL_BUNDLE_DIR: string = fileURLToPath(
    new URL('../../../libs/scoring/assets/default-bundle', import.meta.url),
  );

  /** The model registry whose production version of MODEL_NAME is served; `off` serves MODEL_BUNDLE_DIR only. */
  @ValidateIf((config: ScoringConfig) => config.MODEL_REGISTRY_URL !== REGISTRY_OFF)
  @IsHttpUrl({
    message: `must be an http:// or https:// URL, or ${REGISTRY_OFF} to serve MODEL_BUNDLE_DIR only`,
  })
  MODEL_REGISTRY_URL: string = 'http://127.0.0.1:3006';

  /** The model followed in the registry (the default bundle's modelName). */
  @Matches(MODEL_NAME_PATTERN, {
    message: "must be a model name: 1-128 letters, digits, '.', '_' or '-'",
  })
  MODEL_NAME: string = 'credit-risk-pd';

  /** Where bundles downloaded from the registry are written (one folder per bundle digest). */
  @IsString()
  @MinLength(1)
  MODEL_CACHE_DIR: string = join(tmpdir(), 'riskstream-model-cache');

  /** How long boot waits for an unreachable registry before failing (it never falls back to the default bundle). */
  @IsInt({ message: 'must be an integer between 0 and 600000 (milliseconds)' })
  @Min(0, { message: 'must be an integer between 0 and 600000 (milliseconds)' })
  @Max(600_000, { message: 'must be an integer between 0 and 600000 (milliseconds)' })
  MODEL_REGISTRY_BOOT_TIMEOUT_MS: number = 60_000;

  /** Safety poll of the registry's production version (lifecycle events are followed as they come). */
  @IsInt({ message: 'must be an integer between 1000 and 3600000 (milliseconds)' })
  @Min(1_000, { message: 'must be an integer between 1000 and 3600000 (milliseconds)' })
  @Max(3_600_000, { message: 'must be an integer between 1000 and 3600000 (milliseconds)' })
  MODEL_REGISTRY_POLL_MS: number = 60_000;

  /** Reason codes (top TreeSHAP contributions) per score. */
  @IsInt()
  @Min(1)
  @Max(20)
  REASON_CODES: number = 4;
}
