import { BaseServiceConfig } from '@riskstream/config';

export class ScoringConfig extends BaseServiceConfig {
  override PORT = 3003;
}
