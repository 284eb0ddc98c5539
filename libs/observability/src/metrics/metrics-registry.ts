import { Inject, Injectable } from '@nestjs/common';
import type {
  Counter,
  CounterConfiguration,
  Gauge,
  GaugeConfiguration,
  Histogram,
  HistogramConfiguration,
  Registry,
} from 'prom-client';
import { getOrCreateCounter, getOrCreateGauge, getOrCreateHistogram } from './metric-factories.js';
import { METRICS_REGISTRY } from './metrics.constants.js';

/** Injectable facade over the app's prom-client registry; metric getters are idempotent by name. */
@Injectable()
export class MetricsRegistry {
  constructor(@Inject(METRICS_REGISTRY) readonly registry: Registry) {}

  counter<T extends string>(config: Omit<CounterConfiguration<T>, 'registers'>): Counter<T> {
    return getOrCreateCounter(this.registry, config);
  }

  histogram<T extends string>(config: Omit<HistogramConfiguration<T>, 'registers'>): Histogram<T> {
    return getOrCreateHistogram(this.registry, config);
  }

  gauge<T extends string>(config: Omit<GaugeConfiguration<T>, 'registers'>): Gauge<T> {
    return getOrCreateGauge(this.registry, config);
  }

  /** Prometheus text exposition of every registered metric. */
  metrics(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
