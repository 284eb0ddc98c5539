import { Module } from '@nestjs/common';

import { PlatformModule } from '@riskstream/service-platform';
import dataSource from './data-source.js';
import { DriftMonitorConfig } from './drift-monitor.config.js';

@Module({
  imports: [PlatformModule.forRoot({ serviceName: 'drift-monitor', config: DriftMonitorConfig, dataSource })],
})
export class AppModule {}
