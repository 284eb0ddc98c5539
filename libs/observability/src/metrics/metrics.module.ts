import { Global, Module, type DynamicModule } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { METRICS_REGISTRY, type MetricsModuleOptions } from './metrics.constants.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsRegistry } from './metrics-registry.js';
import { EVENT_LOOP_SAMPLING_MS } from '../health/event-loop.monitor.js';

/** One registry per app (not prom-client's global one) so tests and multiple apps in a process stay separate. */
export function createMetricsRegistry(options: MetricsModuleOptions): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ ...options.defaultLabels, service: options.serviceName });
  // The event-loop lag histograms sample every EVENT_LOOP_SAMPLING_MS (prom-client's default, 10 ms, woke every
  // service 100 times a second for this metric alone); a scrape interval still holds ~150 samples.
  if (options.defaultMetrics ?? true)
    collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLING_MS });
  return registry;
}

/** Global prom-client registry (`MetricsRegistry` / `METRICS_REGISTRY`) and `GET /metrics`. */
@Global()
@Module({})
export class MetricsModule {
  static forRoot(options: MetricsModuleOptions): DynamicModule {
    return {
      module: MetricsModule,
      global: true,
      controllers: [MetricsController],
      providers: [
        { provide: METRICS_REGISTRY, useFactory: () => createMetricsRegistry(options) },
        MetricsRegistry,
      ],
      exports: [METRICS_REGISTRY, MetricsRegistry],
    };
  }
}
