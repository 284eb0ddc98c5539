import { fileURLToPath } from 'node:url';
import { BaseServiceConfig } from '@riskstream/config';
import { IsString, MinLength } from 'class-validator';

export class IngestionConfig extends BaseServiceConfig {
  override PORT = 3001;

  /** Bundle whose training ranges define data-quality flags (the default bundle shipped in the repo). */
  @IsString()
  @MinLength(1)
  MODEL_BUNDLE_DIR: string = fileURLToPath(
    new URL('../../../libs/scoring/assets/default-bundle', import.meta.url),
  );
}
