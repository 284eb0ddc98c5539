import { BaseServiceConfig } from '@riskstream/config';

export class StrategyConfig extends BaseServiceConfig {
  override PORT = 3004;
}
