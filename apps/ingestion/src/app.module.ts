import { Module } from '@nestjs/common';
import { IngestionModule } from '@riskstream/ingestion';
import { PlatformModule } from '@riskstream/service-platform';
import dataSource from './data-source.js';
import { REGISTRY_OFF } from '@riskstream/model-registry-client';
import { IngestionConfig } from './ingestion.config.js';

@Module({
  imports: [
    PlatformModule.forRoot({ serviceName: 'ingestion', config: IngestionConfig, dataSource }),
    IngestionModule.forRootAsync({
      inject: [IngestionConfig],
      useFactory: (config: IngestionConfig) => ({
        bundleDir: config.MODEL_BUNDLE_DIR,
        registry:
          config.MODEL_REGISTRY_URL === REGISTRY_OFF
            ? null
            : {
                url: config.MODEL_REGISTRY_URL,
                modelName: config.MODEL_NAME,
                pollIntervalMs: config.MODEL_REGISTRY_POLL_MS,
              },
        serviceName: 'ingestion',
      }),
    }),
  ],
})
export class AppModule {}
