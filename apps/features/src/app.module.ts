import { Module } from '@nestjs/common';
import { FeaturesModule } from '@riskstream/features';
import { REGISTRY_OFF } from '@riskstream/model-registry-client';
import { PlatformModule } from '@riskstream/service-platform';
import dataSource from './data-source.js';
import { FeaturesConfig } from './features.config.js';

@Module({
  imports: [
    PlatformModule.forRoot({ serviceName: 'features', config: FeaturesConfig, dataSource }),
    FeaturesModule.forRootAsync({
      inject: [FeaturesConfig],
      useFactory: (config: FeaturesConfig) => ({
        bureauGraceMs: config.BUREAU_GRACE_MS,
        sweepIntervalMs: config.BUREAU_GRACE_SWEEP_MS,
      }),
      dataQuality: (config: FeaturesConfig) => ({
        bundleDir: config.MODEL_BUNDLE_DIR,
        registry:
          config.MODEL_REGISTRY_URL === REGISTRY_OFF
            ? null
            : {
                url: config.MODEL_REGISTRY_URL,
                modelName: config.MODEL_NAME,
                pollIntervalMs: config.MODEL_REGISTRY_POLL_MS,
              },
        serviceName: 'features',
      }),
    }),
  ],
})
export class AppModule {}
