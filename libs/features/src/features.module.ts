import { Module, type DynamicModule, type InjectionToken } from '@nestjs/common';
import { DataQualityModule, type DataQualitySettings } from '@riskstream/data-quality';
import { BureauGraceSweeper } from './application/bureau-grace.sweeper.js';
import { FeatureJoinService } from './application/feature-join.service.js';
import { FeaturesConsumer } from './application/features.consumer.js';
import { FEATURES_SETTINGS, type FeaturesSettings } from './application/features.settings.js';
import { FeaturesMetrics } from './application/features-metrics.js';
import { JoinApplicationsUseCase } from './application/join-applications.use-case.js';
import { StoreCreditReportsUseCase } from './application/store-credit-reports.use-case.js';

@Module({})
export class FeaturesModule {
  static forRootAsync(options: {
    inject: InjectionToken[];
    useFactory: (...deps: never[]) => FeaturesSettings;
    /** The training ranges the joined features are checked against (see DataQualityReference). */
    dataQuality: (...deps: never[]) => DataQualitySettings;
  }): DynamicModule {
    return {
      module: FeaturesModule,
      imports: [DataQualityModule.forRootAsync({ inject: options.inject, useFactory: options.dataQuality })],
      controllers: [FeaturesConsumer],
      providers: [
        { provide: FEATURES_SETTINGS, inject: options.inject, useFactory: options.useFactory },
        FeatureJoinService,
        FeaturesMetrics,
        JoinApplicationsUseCase,
        StoreCreditReportsUseCase,
        BureauGraceSweeper,
      ],
    };
  }
}
