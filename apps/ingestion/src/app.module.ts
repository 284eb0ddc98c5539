import { Module } from '@nestjs/common';
import { IngestionModule } from '@riskstream/ingestion';
import { PlatformModule } from '@riskstream/service-platform';
import dataSource from './data-source.js';
import { IngestionConfig } from './ingestion.config.js';

@Module({
  imports: [PlatformModule.forRoot({ serviceName: 'ingestion', config: IngestionConfig, dataSource }), IngestionModule],
})
export class AppModule {}
