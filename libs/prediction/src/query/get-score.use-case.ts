import { HttpStatus, Injectable } from '@nestjs/common';
import type { Decision, ReasonCodeV1, ScoreComputedV1 } from '@riskstream/contracts';
import { DomainException } from '@riskstream/service-platform';
import { DataSource } from 'typeorm';
import { ScoringErrorCode } from './scoring-error-code.js';

interface PredictionRow {
  application_id: string;
  customer_id: string;
  model_name: string;
  model_version: string;
  feature_spec_version: string;
  probability_of_default: number;
  risk_band: string;
  decision: Decision;
  reason_codes: ReasonCodeV1[];
  scored_at: Date;
}

/**
 * The stored score of one application, in the shape of its `risk.score.computed.v1` event (the event is built from
 * the same values the row holds, so the two agree field for field).
 */
@Injectable()
export class GetScoreUseCase {
  constructor(private readonly dataSource: DataSource) {}

  async execute(applicationId: string): Promise<ScoreComputedV1> {
    // One row per application (scoring absorbs a re-delivery under any model version); the newest wins should a
    // second ever be written by hand.
    const rows = (await this.dataSource.query(
      `SELECT application_id, customer_id, model_name, model_version, feature_spec_version, probability_of_default,
              risk_band, decision, reason_codes, scored_at
         FROM scoring.predictions
        WHERE application_id = $1
        ORDER BY scored_at DESC
        LIMIT 1`,
      [applicationId],
    )) as PredictionRow[];
    const row = rows[0];
    if (!row)
      throw new DomainException(
        ScoringErrorCode.ScoreNotFound,
        `no score is stored for application ${applicationId}`,
        HttpStatus.NOT_FOUND,
      );
    return {
      applicationId: row.application_id,
      customerId: row.customer_id,
      modelName: row.model_name,
      modelVersion: row.model_version,
      featureSpecVersion: row.feature_spec_version,
      probabilityOfDefault: row.probability_of_default,
      riskBand: row.risk_band,
      decision: row.decision,
      reasonCodes: row.reason_codes.map(({ feature, contribution, value }) => ({
        feature,
        contribution,
        value,
      })),
      scoredAt: row.scored_at.toISOString(),
    };
  }
}
