import { BaseServiceConfig } from '@riskstream/config';

export class IngestionConfig extends BaseServiceConfig {
  override PORT = 3001;
}
