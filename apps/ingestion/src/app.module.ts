import { Module } from '@nestjs/common';
import { IngestionModule } from '@riskstream/ingestion';
import { PlatformModule } from '@riskstream/service-platform';
import dataSource from './data-source.js';
import { IngestionConfig } from './ingestion.config.js';

@Module({
  imports: [
    PlatformModule.forRoot({ serviceName: 'ingestion', config: IngestionConfig, dataSource }),
    IngestionModule.forRootAsync({
      inject: [IngestionConfig],
      useFactory: (config: IngestionConfig) => ({ bundleDir: config.MODEL_BUNDLE_DIR }),
    }),
  ],
})
export class AppModule {}
