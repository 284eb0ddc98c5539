import { Module } from '@nestjs/common';

import { PlatformModule } from '@riskstream/service-platform';
import dataSource from './data-source.js';
import { StrategyConfig } from './strategy.config.js';

@Module({
  imports: [PlatformModule.forRoot({ serviceName: 'strategy', config: StrategyConfig, dataSource })],
})
export class AppModule {}
