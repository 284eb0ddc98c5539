import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelFollowingServiceConfig } from '@riskstream/model-registry-client';
import { IsInt, IsString, Max, Min, MinLength } from 'class-validator';

/**
 * MODEL_BUNDLE_DIR, MODEL_REGISTRY_URL and MODEL_NAME (shared with ingestion): scoring serves the production version
 * of MODEL_NAME in the registry, or else the default bundle (never silently: see ModelProvider).
 */
export class ScoringConfig extends ModelFollowingServiceConfig {
  override PORT = 3003;

  /** Where bundles downloaded from the registry are written (one folder per bundle digest). */
  @IsString()
  @MinLength(1)
  MODEL_CACHE_DIR: string = join(tmpdir(), 'riskstream-model-cache');

  /** How long boot waits for an unreachable registry before failing (it never falls back to the default bundle). */
  @IsInt({ message: 'must be an integer between 0 and 600000 (milliseconds)' })
  @Min(0, { message: 'must be an integer between 0 and 600000 (milliseconds)' })
  @Max(600_000, { message: 'must be an integer between 0 and 600000 (milliseconds)' })
  MODEL_REGISTRY_BOOT_TIMEOUT_MS: number = 60_000;

  /** Reason codes (top TreeSHAP contributions) per score. */
  @IsInt()
  @Min(1)
  @Max(20)
  REASON_CODES: number = 4;
}
