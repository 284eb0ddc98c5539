import { BaseServiceConfig } from '@riskstream/config';
import { IsInt, Max, Min } from 'class-validator';

export class FeaturesConfig extends BaseServiceConfig {
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
