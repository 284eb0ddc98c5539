import { MetricsRegistry } from '@riskstream/observability';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { DataQualityFlagCounter } from './data-quality-flags.counter.js';

describe('DataQualityFlagCounter', () => {
  it('counts each flag under its field and issue, in the metric the service names', async () => {
    const registry = new Registry();
    const counter = new DataQualityFlagCounter(
      new MetricsRegistry(registry),
      'riskstream_test_data_quality_flags_total',
      'Test flags.',
    );
    counter.count([
      { field: 'person_age', issue: 'ABOVE_REFERENCE_RANGE', value: 99, reference: 94 },
      { field: 'person_age', issue: 'ABOVE_REFERENCE_RANGE', value: 97, reference: 94 },
      { field: 'loan_amnt', issue: 'BELOW_REFERENCE_RANGE', value: 1, reference: 500 },
    ]);
    counter.count([]);

    const metric = await registry.getSingleMetric('riskstream_test_data_quality_flags_total')!.get();
    const byLabels = Object.fromEntries(
      metric.values.map((v) => [`${v.labels.field}/${v.labels.issue}`, v.value]),
    );
    expect(byLabels).toEqual({
      'person_age/ABOVE_REFERENCE_RANGE': 2,
      'loan_amnt/BELOW_REFERENCE_RANGE': 1,
    });
  });
});
