/** Injection token of the app's prom-client `Registry`. */
export const METRICS_REGISTRY = 'riskstream:observability:METRICS_REGISTRY';

export interface MetricsModuleOptions {
  /** Added to every series as the `service` label. */
  serviceName: string;
  /** Collect prom-client's Node.js default metrics (CPU, memory, event loop, GC). Default true. */
  defaultMetrics?: boolean;
  /** Extra labels added to every series. */
  defaultLabels?: Record<string, string>;
}
