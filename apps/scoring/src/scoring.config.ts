import { fileURLToPath } from 'node:url';
import { BaseServiceConfig } from '@riskstream/config';
import { IsInt, IsString, Max, Min, MinLength } from 'class-validator';

export class ScoringConfig extends BaseServiceConfig {
  override PORT = 3003;

  /** The production model bundle (verified at load). Defaults to the bundle shipped in the repo. */
  @IsString()
  @MinLength(1)
  MODEL_BUNDLE_DIR: string = fileURLToPath(
    new URL('../../../libs/scoring/assets/default-bundle', import.meta.url),
  );

  /** Reason codes (top TreeSHAP contributions) per score. */
  @IsInt()
  @Min(1)
  @Max(20)
  REASON_CODES: number = 4;
}
