import { Injectable } from '@nestjs/common';
import { DataQualityFlagCounter } from '@riskstream/data-quality';
import { MetricsRegistry } from '@riskstream/observability';
import type { Counter, Histogram } from 'prom-client';

@Injectable()
export class FeaturesMetrics {
  readonly computed: Counter<'bureau_status'>;
  readonly rejected: Counter<'rule'>;
  readonly pending: Counter;
  readonly bureauWaitSeconds: Histogram;
  readonly dataQualityFlags: DataQualityFlagCounter;

  constructor(metrics: MetricsRegistry) {
    this.computed = metrics.counter({
      name: 'riskstream_features_computed_total',
      help: 'Feature vectors computed, by bureau join status (JOINED, MISSING_AFTER_GRACE).',
      labelNames: ['bureau_status'],
    });
    this.rejected = metrics.counter({
      name: 'riskstream_features_rejected_total',
      help: 'Applications rejected by a rule that needs the bureau report (e.g. history longer than adult life).',
      labelNames: ['rule'],
    });
    this.pending = metrics.counter({
      name: 'riskstream_features_waiting_for_bureau_total',
      help: 'Applications that had to wait for their bureau report.',
    });
    this.bureauWaitSeconds = metrics.histogram({
      name: 'riskstream_features_bureau_wait_seconds',
      help: 'Time an application waited for its bureau report (or the grace period).',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
    });
    this.dataQualityFlags = new DataQualityFlagCounter(
      metrics,
      'riskstream_features_data_quality_flags_total',
      'Joined features (application and bureau report) outside the production model training range (flagged, not rejected).',
    );
  }
}
