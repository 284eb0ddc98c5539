import type { DataQualityFlagV1 } from '@riskstream/contracts';
import type { MetricsRegistry } from '@riskstream/observability';
import type { Counter } from 'prom-client';

/**
 * A service's count of the data-quality flags it put on its events, by field and issue: values outside the
 * production model's training ranges, flagged and passed on, never rejected. Each service names its own metric.
 */
export class DataQualityFlagCounter {
  private readonly counter: Counter<'field' | 'issue'>;

  constructor(metrics: MetricsRegistry, name: string, help: string) {
    this.counter = metrics.counter({ name, help, labelNames: ['field', 'issue'] });
  }

  count(flags: readonly DataQualityFlagV1[]): void {
    for (const f of flags) this.counter.inc({ field: f.field, issue: f.issue });
  }
}
