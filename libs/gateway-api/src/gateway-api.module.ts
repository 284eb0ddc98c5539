import { Module, type DynamicModule, type InjectionToken } from '@nestjs/common';
import { ApplicationsController } from './applications/applications.controller.js';
import { SubmitApplicationUseCase } from './applications/submit-application.use-case.js';
import { GetScoreUseCase } from './scores/get-score.use-case.js';
import {
  SCORING_CLIENT_SETTINGS,
  ScoringClient,
  type ScoringClientSettings,
} from './scores/scoring.client.js';

export interface GatewayApiSettings {
  scoring: ScoringClientSettings;
}

@Module({})
export class GatewayApiModule {
  static forRootAsync(options: {
    inject: InjectionToken[];
    useFactory: (...deps: never[]) => GatewayApiSettings;
  }): DynamicModule {
    return {
      module: GatewayApiModule,
      controllers: [ApplicationsController],
      providers: [
        {
          provide: SCORING_CLIENT_SETTINGS,
          inject: options.inject,
          useFactory: (...deps: never[]) => options.useFactory(...deps).scoring,
        },
        {
          provide: ScoringClient,
          inject: [SCORING_CLIENT_SETTINGS],
          useFactory: (settings: ScoringClientSettings) => new ScoringClient(settings),
        },
        SubmitApplicationUseCase,
        GetScoreUseCase,
      ],
    };
  }
}
