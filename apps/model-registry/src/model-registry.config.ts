import { BaseServiceConfig } from '@riskstream/config';

export class ModelRegistryConfig extends BaseServiceConfig {
  override PORT = 3006;
}
