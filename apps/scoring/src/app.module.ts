import { Module } from '@nestjs/common';

import { PlatformModule } from '@riskstream/service-platform';
import dataSource from './data-source.js';
import { ScoringConfig } from './scoring.config.js';

@Module({
  imports: [PlatformModule.forRoot({ serviceName: 'scoring', config: ScoringConfig, dataSource })],
})
export class AppModule {}
