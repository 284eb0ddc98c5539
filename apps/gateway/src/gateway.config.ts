import { BaseServiceConfig, IsHttpUrl } from '@riskstream/config';
import { IsInt, Max, Min } from 'class-validator';

export class GatewayConfig extends BaseServiceConfig {
  override PORT = 3000;

  /** The scoring service, whose read API serves GET /v1/applications/{applicationId}/score. */
  @IsHttpUrl({ message: 'must be an http:// or https:// URL of the scoring service' })
  SCORING_URL: string = 'http://127.0.0.1:3003';

  /** How long a score lookup waits for the scoring service before answering 503. */
  @IsInt({ message: 'must be an integer between 100 and 60000 (milliseconds)' })
  @Min(100, { message: 'must be an integer between 100 and 60000 (milliseconds)' })
  @Max(60_000, { message: 'must be an integer between 100 and 60000 (milliseconds)' })
  SCORING_TIMEOUT_MS: number = 2_000;
}
