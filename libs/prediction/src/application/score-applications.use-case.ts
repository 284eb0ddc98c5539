import { Inject, Injectable } from '@nestjs/common';
import { TOPICS, type FeaturesComputedV1, type ScoreComputedV1 } from '@riskstream/contracts';
import { selectFeatures } from '@riskstream/feature-spec';
import { rankReasons } from '@riskstream/scoring';
import {
  deterministicUuid,
  PermanentEventError,
  type BatchItem,
  type KafkaBatchContext,
} from '@riskstream/messaging';
import { binaryColumns, insertOptimistically } from '@riskstream/persistence';
import { ModelProvider, PREDICTION_SETTINGS, type PredictionSettings } from './model.provider.js';
import { PredictionMetrics } from './prediction-metrics.js';

const insertPredictions = (onConflict: string) =>
  `INSERT INTO scoring.predictions (application_id, model_version, model_name, customer_id,
         probability_of_default, risk_band, decision, reason_codes, feature_spec_version, bundle_sha256,
         source_event_id, features_computed_at, scored_at)
       SELECT v.application_id, $1, $2, v.customer_id, v.pd, v.band, v.decision, v.reasons, v.spec, $3,
              v.source, v.computed_at::timestamptz, $4
         FROM unnest($5::uuid[], $6::text[], $7::float8[], $8::text[], $9::text[], $10::json[], $11::text[],
                     $12::text[], $13::text[])
              AS v(application_id, customer_id, pd, band, decision, reasons, spec, source, computed_at)
        WHERE NOT EXISTS (SELECT 1 FROM scoring.predictions p WHERE p.application_id = v.application_id)
       ${onConflict}
       RETURNING application_id`;

// One row per application (see execute): without ON CONFLICT first, with it after a unique violation.
const INSERT_PREDICTIONS = insertPredictions('');
const INSERT_PREDICTIONS_SKIPPING_DUPLICATES = insertPredictions(
  'ON CONFLICT (application_id, model_version) DO NOTHING',
);

/**
 * Scores a micro-batch of feature vectors with one ONNX call, explains each with exact TreeSHAP, stores one
 * prediction per application and model version, and emits the score events through the outbox, all in the
 * consumer's transaction.
 */
@Injectable()
export class ScoreApplicationsUseCase {
  constructor(
    private readonly models: ModelProvider,
    private readonly metrics: PredictionMetrics,
    @Inject(PREDICTION_SETTINGS) private readonly settings: PredictionSettings,
  ) {}

  async execute(items: BatchItem<FeaturesComputedV1>[], ctx: KafkaBatchContext): Promise<void> {
    const model = this.models.current;
    const names = model.featureNames;
    const n = names.length;
    const rows = new Float32Array(items.length * n);
    items.forEach((item, i) => {
      if (item.payload.featureSpecVersion !== model.manifest.featureSpec.version) {
        throw new PermanentEventError(
          `features ${item.payload.applicationId} use feature spec ${item.payload.featureSpecVersion}, the model needs ${model.manifest.featureSpec.version}`,
        );
      }
      selectFeatures(item.payload.features, names, rows.subarray(i * n, (i + 1) * n));
    });

    const t0 = process.hrtime.bigint();
    const pds = await model.scoreBatch(rows, items.length);
    const t1 = process.hrtime.bigint();
    const contributions = model.explainBatch(rows, items.length);
    const scoredAt = new Date().toISOString();
    const scores: { event: ScoreComputedV1; item: BatchItem<FeaturesComputedV1> }[] = items.map((item, i) => {
      const pd = pds[i]!;
      const { riskBand, decision } = model.decide(pd);
      return {
        item,
        event: {
          applicationId: item.payload.applicationId,
          customerId: item.payload.customerId,
          modelName: model.modelName,
          modelVersion: model.modelVersion,
          featureSpecVersion: item.payload.featureSpecVersion,
          probabilityOfDefault: pd,
          riskBand,
          decision,
          reasonCodes: rankReasons(names, contributions, rows, this.settings.reasonCodes, i * n),
          scoredAt,
        },
      };
    });
    const t2 = process.hrtime.bigint();
    this.metrics.batchSeconds.observe({ stage: 'inference' }, Number(t1 - t0) / 1e9);
    this.metrics.batchSeconds.observe({ stage: 'explanation' }, Number(t2 - t1) / 1e9);
    this.metrics.batchSize.observe(items.length);

    // One row per application: a features event for an application that already has a prediction (by any model
    // version: a re-delivery after a promotion must not score it again) is absorbed. One statement, planned once
    // per connection (its text does not depend on the batch size). NOT EXISTS does not see the statement's own
    // rows (an application twice in one batch) nor a concurrent transaction's: ON CONFLICT absorbs those, and is
    // only added after a unique violation.
    const inserted = new Set(
      (
        await insertOptimistically<{ application_id: string }>(
          ctx.manager,
          INSERT_PREDICTIONS,
          INSERT_PREDICTIONS_SKIPPING_DUPLICATES,
          [
            model.modelVersion,
            model.modelName,
            model.digest,
            // The event's own scoredAt, so that the row (GET /v1/scores) and the event agree to the millisecond.
            scoredAt,
            // One array per column in PostgreSQL's binary format (see binaryArray): nothing for the server to
            // parse; float8 is sent as the double itself.
            ...binaryColumns(scores, [
              ['uuid', (s) => s.event.applicationId],
              ['text', (s) => s.event.customerId],
              ['float8', (s) => s.event.probabilityOfDefault],
              ['text', (s) => s.event.riskBand],
              ['text', (s) => s.event.decision],
              ['json', (s) => s.event.reasonCodes],
              ['text', (s) => s.event.featureSpecVersion],
              ['text', (s) => s.item.metadata.eventId],
              ['text', (s) => s.item.payload.computedAt],
            ]),
          ],
        )
      ).map((r) => r.application_id),
    );
    // A features event for an already scored application is absorbed: no second score.
    const fresh = scores.filter((s) => inserted.delete(s.event.applicationId));
    await ctx.outbox.addMany(
      TOPICS.scoreComputed,
      fresh.map((s) => s.event),
      (event, i) => ({
        eventId: deterministicUuid(`score/${event.applicationId}/${event.modelVersion}`),
        causationId: fresh[i]!.item.metadata.eventId,
        correlationId: event.applicationId,
      }),
    );
    for (const { event } of fresh) {
      this.metrics.predictions.inc({
        decision: event.decision,
        risk_band: event.riskBand,
        model_version: event.modelVersion,
      });
    }
  }
}
