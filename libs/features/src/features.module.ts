import { Module, type DynamicModule, type InjectionToken } from '@nestjs/common';
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
  }): DynamicModule {
    return {
      module: FeaturesModule,
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
