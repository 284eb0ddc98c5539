import { Module } from '@nestjs/common';
import { PredictionModule } from '@riskstream/prediction';
import { PlatformModule } from '@riskstream/service-platform';
import dataSource from './data-source.js';
import { REGISTRY_OFF } from '@riskstream/model-registry-client';
import { ScoringConfig } from './scoring.config.js';

@Module({
  imports: [
    PlatformModule.forRoot({ serviceName: 'scoring', config: ScoringConfig, dataSource }),
    PredictionModule.forRootAsync({
      inject: [ScoringConfig],
      useFactory: (config: ScoringConfig) => ({
        bundleDir: config.MODEL_BUNDLE_DIR,
        reasonCodes: config.REASON_CODES,
        registry:
          config.MODEL_REGISTRY_URL === REGISTRY_OFF
            ? null
            : {
                url: config.MODEL_REGISTRY_URL,
                modelName: config.MODEL_NAME,
                cacheDir: config.MODEL_CACHE_DIR,
                bootTimeoutMs: config.MODEL_REGISTRY_BOOT_TIMEOUT_MS,
                pollIntervalMs: config.MODEL_REGISTRY_POLL_MS,
              },
      }),
    }),
  ],
})
export class AppModule {}
