import { BaseServiceConfig } from '@riskstream/config';

export class DriftMonitorConfig extends BaseServiceConfig {
  override PORT = 3005;
}
