import { Injectable } from '@nestjs/common';
import { MetricsRegistry } from '@riskstream/observability';
import { Counter } from 'prom-client';

@Injectable()
export class IngestionMetrics {
  readonly applications: Counter<'outcome'>;
  readonly rejectionReasons: Counter<'rule'>;

  constructor(metrics: MetricsRegistry) {
    this.applications = metrics.counter({
      name: 'riskstream_ingestion_applications_total',
      help: 'Loan applications consumed, by outcome (accepted, duplicate, rejected).',
      labelNames: ['outcome'],
    });
    this.rejectionReasons = metrics.counter({
      name: 'riskstream_ingestion_rejection_reasons_total',
      help: 'Rejection reasons by rule id.',
      labelNames: ['rule'],
    });
  }
}
