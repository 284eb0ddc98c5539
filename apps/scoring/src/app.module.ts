import { Module } from '@nestjs/common';
import { PredictionModule } from '@riskstream/prediction';
import { PlatformModule } from '@riskstream/service-platform';
import dataSource from './data-source.js';
import { followedRegistry } from '@riskstream/model-registry-client';
import { ScoringConfig } from './scoring.config.js';

@Module({
  imports: [
    PlatformModule.forRoot({ serviceName: 'scoring', config: ScoringConfig, dataSource }),
    PredictionModule.forRootAsync({
      inject: [ScoringConfig],
      useFactory: (config: ScoringConfig) => {
        const registry = followedRegistry(config);
        return {
          bundleDir: config.MODEL_BUNDLE_DIR,
          reasonCodes: config.REASON_CODES,
          registry: registry && {
            ...registry,
            cacheDir: config.MODEL_CACHE_DIR,
            bootTimeoutMs: config.MODEL_REGISTRY_BOOT_TIMEOUT_MS,
          },
        };
      },
    }),
  ],
})
export class AppModule {}
