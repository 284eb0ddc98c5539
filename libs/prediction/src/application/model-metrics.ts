import { Injectable } from '@nestjs/common';
import { MetricsRegistry } from '@riskstream/observability';
import type { Counter, Gauge } from 'prom-client';

/** Where the served bundle came from. */
export type ModelSource = 'registry' | 'default-bundle';

@Injectable()
export class ModelMetrics {
  /** 1 for the bundle being served (one series at a time). */
  readonly info: Gauge<'model_name' | 'model_version' | 'bundle_sha256' | 'source'>;
  /** 1 when the served bundle is what the registry says (its production version, or the default when it has none). */
  readonly inSync: Gauge;
  readonly changes: Counter;
  readonly rejected: Counter<'reason'>;
  readonly syncFailures: Counter<'reason'>;

  constructor(metrics: MetricsRegistry) {
    this.info = metrics.gauge({
      name: 'riskstream_scoring_model_info',
      help: 'The model bundle being served (value 1), by model name, version, bundle digest and source.',
      labelNames: ['model_name', 'model_version', 'bundle_sha256', 'source'],
    });
    this.inSync = metrics.gauge({
      name: 'riskstream_scoring_model_registry_in_sync',
      help: "1 when the served bundle is the registry's production version (or the default when it has none), 0 when the registry's could not be served.",
    });
    this.changes = metrics.counter({
      name: 'riskstream_scoring_model_changes_total',
      help: 'Bundles switched to while running (promotions and rollbacks followed).',
    });
    this.rejected = metrics.counter({
      name: 'riskstream_scoring_model_rejected_total',
      help: 'Production bundles refused because they failed verification (by reason); the previous bundle stays in service.',
      labelNames: ['reason'],
    });
    this.syncFailures = metrics.counter({
      name: 'riskstream_scoring_model_sync_failures_total',
      help: 'Attempts to ask the model registry that failed (unreachable, unexpected answer); retried by the next trigger or poll.',
      labelNames: ['reason'],
    });
  }
}
