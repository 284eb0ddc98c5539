import { Injectable } from '@nestjs/common';
import { MetricsRegistry } from '@riskstream/observability';
import type { DataQualityFlagV1 } from '@riskstream/contracts';
import type { Counter } from 'prom-client';

@Injectable()
export class IngestionMetrics {
  readonly applications: Counter<'outcome'>;
  readonly creditReports: Counter<'outcome'>;
  readonly rejected: Counter<'subject'>;
  readonly rejectionReasons: Counter<'subject' | 'rule'>;
  readonly dataQualityFlags: Counter<'field' | 'issue'>;

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
    this.dataQualityFlags = metrics.counter({
      name: 'riskstream_ingestion_data_quality_flags_total',
      help: 'Values outside the production model training range (flagged, not rejected).',
      labelNames: ['field', 'issue'],
    });
  }

  countDataQualityFlags(flags: readonly DataQualityFlagV1[]): void {
    for (const f of flags) this.dataQualityFlags.inc({ field: f.field, issue: f.issue });
  }
}
