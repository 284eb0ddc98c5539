import { Module } from '@nestjs/common';
import { dataQualitySettingsOf } from '@riskstream/data-quality';
import { IngestionModule } from '@riskstream/ingestion';
import { PlatformModule } from '@riskstream/service-platform';
import dataSource from './data-source.js';
import { IngestionConfig } from './ingestion.config.js';

@Module({
  imports: [
    PlatformModule.forRoot({ serviceName: 'ingestion', config: IngestionConfig, dataSource }),
    IngestionModule.forRootAsync({
      inject: [IngestionConfig],
      useFactory: (config: IngestionConfig) => dataQualitySettingsOf(config, 'ingestion'),
    }),
  ],
})
export class AppModule {}
