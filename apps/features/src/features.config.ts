import { BaseServiceConfig } from '@riskstream/config';

export class FeaturesConfig extends BaseServiceConfig {
  override PORT = 3002;
}
