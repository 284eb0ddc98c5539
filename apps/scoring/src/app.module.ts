import { Module } from '@nestjs/common';
import { PredictionModule } from '@riskstream/prediction';
import { PlatformModule } from '@riskstream/service-platform';
import dataSource from './data-source.js';
import { ScoringConfig } from './scoring.config.js';

@Module({
  imports: [
    PlatformModule.forRoot({ serviceName: 'scoring', config: ScoringConfig, dataSource }),
    PredictionModule.forRootAsync({
      inject: [ScoringConfig],
      useFactory: (config: ScoringConfig) => ({
        bundleDir: config.MODEL_BUNDLE_DIR,
        reasonCodes: config.REASON_CODES,
      }),
    }),
  ],
})
export class AppModule {}
