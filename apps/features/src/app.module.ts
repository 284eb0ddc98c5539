import { Module } from '@nestjs/common';

import { PlatformModule } from '@riskstream/service-platform';
import dataSource from './data-source.js';
import { FeaturesConfig } from './features.config.js';

@Module({
  imports: [PlatformModule.forRoot({ serviceName: 'features', config: FeaturesConfig, dataSource })],
})
export class AppModule {}
