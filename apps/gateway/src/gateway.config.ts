import { BaseServiceConfig } from '@riskstream/config';

export class GatewayConfig extends BaseServiceConfig {
  override PORT = 3000;
}
