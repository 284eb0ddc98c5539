import { Controller, Get, Param } from '@nestjs/common';
import type { ScoreComputedV1 } from '@riskstream/contracts';
import { ApplicationIdParams } from '@riskstream/service-platform';
import { GetScoreUseCase } from './get-score.use-case.js';

/** The scoring service's read API; the REST gateway serves it to product teams. */
@Controller('v1/scores')
export class ScoresController {
  constructor(private readonly getScore: GetScoreUseCase) {}

  /** The stored score of an application: 200, 404 SCORE_NOT_FOUND, or 400 when the id is not a UUID. */
  @Get(':applicationId')
  get(@Param() params: ApplicationIdParams): Promise<ScoreComputedV1> {
    return this.getScore.execute(params.applicationId);
  }
}
