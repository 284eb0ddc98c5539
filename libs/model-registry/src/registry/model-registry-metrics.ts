import { Injectable } from '@nestjs/common';
import { MetricsRegistry } from '@riskstream/observability';
import type { Counter } from 'prom-client';

@Injectable()
export class ModelRegistryMetrics {
  readonly registrations: Counter<'outcome'>;
  readonly stageChanges: Counter<'action'>;

  constructor(metrics: MetricsRegistry) {
    this.registrations = metrics.counter({
      name: 'riskstream_model_registry_registrations_total',
      help: 'Bundle registrations by outcome (registered, identical, conflict, rejected).',
      labelNames: ['outcome'],
    });
    this.stageChanges = metrics.counter({
      name: 'riskstream_model_registry_stage_changes_total',
      help: 'Production changes by action (PROMOTED, ROLLED_BACK).',
      labelNames: ['action'],
    });
  }
}
