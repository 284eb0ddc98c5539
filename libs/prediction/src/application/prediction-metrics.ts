import { Injectable } from '@nestjs/common';
import { MetricsRegistry } from '@riskstream/observability';
import type { Counter, Histogram } from 'prom-client';

@Injectable()
export class PredictionMetrics {
  readonly predictions: Counter<'decision' | 'risk_band' | 'model_version'>;
  readonly batchSeconds: Histogram<'stage'>;
  readonly batchSize: Histogram;

  constructor(metrics: MetricsRegistry) {
    this.predictions = metrics.counter({
      name: 'riskstream_scoring_predictions_total',
      help: 'Predictions stored, by decision, risk band and model version.',
      labelNames: ['decision', 'risk_band', 'model_version'],
    });
    this.batchSeconds = metrics.histogram({
      name: 'riskstream_scoring_batch_seconds',
      help: 'Time per micro-batch by stage (inference, explanation).',
      labelNames: ['stage'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    });
    this.batchSize = metrics.histogram({
      name: 'riskstream_scoring_batch_size',
      help: 'Applications per scoring micro-batch.',
      buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500],
    });
  }
}
