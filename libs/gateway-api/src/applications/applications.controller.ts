import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import type { ScoreComputedV1 } from '@riskstream/contracts';
import { ApplicationIdParams } from '@riskstream/service-platform';
import { GetScoreUseCase } from '../scores/get-score.use-case.js';
import { SubmitApplicationRequest, type SubmitApplicationResponse } from './submit-application.request.js';
import { SubmitApplicationUseCase } from './submit-application.use-case.js';

@Controller('v1/applications')
export class ApplicationsController {
  constructor(
    private readonly submitApplication: SubmitApplicationUseCase,
    private readonly getScore: GetScoreUseCase,
  ) {}

  /** Accepts an application for scoring: 202 with its id, or 400 problem+json naming every invalid field. */
  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  submit(@Body() body: SubmitApplicationRequest): Promise<SubmitApplicationResponse> {
    return this.submitApplication.execute(body);
  }

  /** The application's score once stored: 200, 404 SCORE_NOT_FOUND while there is none, 400 for a non-UUID id. */
  @Get(':applicationId/score')
  score(@Param() params: ApplicationIdParams): Promise<ScoreComputedV1> {
    return this.getScore.execute(params.applicationId);
  }
}
