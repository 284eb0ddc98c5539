import { Injectable } from '@nestjs/common';
import { DataQualityFlagCounter } from '@riskstream/data-quality';
import { MetricsRegistry } from '@riskstream/observability';
import type { Counter } from 'prom-client';

@Injectable()
export class IngestionMetrics {
  readonly applications: Counter<'outcome'>;
  readonly creditReports: Counter<'outcome'>;
  readonly rejected: Counter<'subject'>;
  readonly rejectionReasons: Counter<'subject' | 'rule'>;
  readonly dataQualityFlags: DataQualityFlagCounter;

  constructor(metrics: MetricsRegistry) {
    this.applications = metrics.counter({
      name: 'riskstream_ingestion_applications_total',
      help: 'Loan applications consumed, by outcome (accepted, duplicate, rejected).',
      labelNames: ['outcome'],
    });
    this.creditReports = metrics.counter({
      name: 'riskstream_ingestion_credit_reports_total',
      help: 'Credit-bureau reports consumed, by outcome (accepted, duplicate, rejected).',
      labelNames: ['outcome'],
    });
    this.rejected = metrics.counter({
      name: 'riskstream_ingestion_rejected_total',
      help: 'Events rejected by ingestion, by subject.',
      labelNames: ['subject'],
    });
    this.rejectionReasons = metrics.counter({
      name: 'riskstream_ingestion_rejection_reasons_total',
      help: 'Rejection reasons by subject and rule id.',
      labelNames: ['subject', 'rule'],
    });
    this.dataQualityFlags = new DataQualityFlagCounter(
      metrics,
      'riskstream_ingestion_data_quality_flags_total',
      'Values outside the production model training range (flagged, not rejected).',
    );
  }
}
