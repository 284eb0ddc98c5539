import { Module } from '@nestjs/common';
import { dataQualitySettingsOf } from '@riskstream/data-quality';
import { FeaturesModule } from '@riskstream/features';
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
      dataQuality: (config: FeaturesConfig) => dataQualitySettingsOf(config, 'features'),
    }),
  ],
})
export class AppModule {}
