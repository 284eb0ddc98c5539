import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { ScoreComputedV1 } from '@riskstream/contracts';
import { LOGGER } from '@riskstream/observability';
import { DomainException } from '@riskstream/service-platform';
import type { Logger } from 'pino';
import { GatewayErrorCode } from '../applications/gateway-error-code.js';
import { ScoringClient, ScoringProtocolError, ScoringUnavailableError } from './scoring.client.js';

/**
 * An application's score for product teams, from the scoring service that stored it. What went wrong inside is
 * logged; the caller gets the code and what to do, not the internal addresses.
 */
@Injectable()
export class GetScoreUseCase {
  constructor(
    private readonly scoring: ScoringClient,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async execute(applicationId: string): Promise<ScoreComputedV1> {
    let score: ScoreComputedV1 | null;
    try {
      score = await this.scoring.score(applicationId);
    } catch (error) {
      if (error instanceof ScoringUnavailableError || error instanceof ScoringProtocolError)
        this.logger.warn({ err: error, applicationId }, 'score lookup failed');
      if (error instanceof ScoringUnavailableError)
        throw new DomainException(
          GatewayErrorCode.ScoringUnavailable,
          'the scoring service cannot be reached; retry later',
          HttpStatus.SERVICE_UNAVAILABLE,
          undefined,
          { cause: error },
        );
      if (error instanceof ScoringProtocolError)
        throw new DomainException(
          GatewayErrorCode.ScoringBadAnswer,
          'the scoring service gave an answer the gateway cannot use; operators have the detail in the log',
          HttpStatus.BAD_GATEWAY,
          undefined,
          { cause: error },
        );
      throw error;
    }
    if (!score)
      throw new DomainException(
        GatewayErrorCode.ScoreNotFound,
        `application ${applicationId} has no score: it is still in the pipeline, ` +
          'was rejected at validation (its reasons are on intake.application.rejected.v1), or was never submitted',
        HttpStatus.NOT_FOUND,
      );
    return score;
  }
}
