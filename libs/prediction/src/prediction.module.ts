import { Module, type DynamicModule, type InjectionToken } from '@nestjs/common';
import { ModelLifecycleWatcher } from './application/model-lifecycle.watcher.js';
import { ModelMetrics } from './application/model-metrics.js';
import { ModelProvider, PREDICTION_SETTINGS, type PredictionSettings } from './application/model.provider.js';
import { PredictionMetrics } from './application/prediction-metrics.js';
import { ScoreApplicationsUseCase } from './application/score-applications.use-case.js';
import { ScoringConsumer } from './application/scoring.consumer.js';
import { GetScoreUseCase } from './query/get-score.use-case.js';
import { ScoresController } from './query/scores.controller.js';

@Module({})
export class PredictionModule {
  static forRootAsync(options: {
    inject: InjectionToken[];
    useFactory: (...deps: never[]) => PredictionSettings;
  }): DynamicModule {
    return {
      module: PredictionModule,
      controllers: [ScoringConsumer, ScoresController],
      providers: [
        { provide: PREDICTION_SETTINGS, inject: options.inject, useFactory: options.useFactory },
        ModelProvider,
        ModelMetrics,
        ModelLifecycleWatcher,
        PredictionMetrics,
        ScoreApplicationsUseCase,
        GetScoreUseCase,
      ],
    };
  }
}
