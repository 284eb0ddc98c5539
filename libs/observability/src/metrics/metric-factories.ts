import {
  Counter,
  Gauge,
  Histogram,
  type CounterConfiguration,
  type GaugeConfiguration,
  type HistogramConfiguration,
  type Registry,
} from 'prom-client';

type MetricClass = typeof Counter | typeof Gauge | typeof Histogram;

function sameLabels(a: readonly string[] = [], b: readonly string[] = []): boolean {
  const left = [...a].sort();
  const right = [...b].sort();
  return left.length === right.length && left.every((label, index) => label === right[index]);
}

/**
 * Returns the metric already registered under `name`, or undefined. A name clash with a different
 * metric type or label set is a programming error, so it throws instead of silently diverging.
 */
function existing<M>(
  registry: Registry,
  kind: MetricClass,
  name: string,
  labelNames?: readonly string[],
): M | undefined {
  const metric = registry.getSingleMetric(name);
  if (metric === undefined) return undefined;
  if (!(metric instanceof kind)) {
    throw new Error(`Metric "${name}" is already registered as a different type (wanted ${kind.name})`);
  }
  // prom-client keeps labelNames on the instance but does not type it.
  const registered = (metric as unknown as { labelNames?: readonly string[] }).labelNames;
  if (!sameLabels(registered, labelNames)) {
    throw new Error(
      `Metric "${name}" is already registered with labels [${(registered ?? []).join(', ')}], not [${(labelNames ?? []).join(', ')}]`,
    );
  }
  return metric as M;
}

/** Idempotent: modules asking for the same counter name share one instance. */
export function getOrCreateCounter<T extends string>(
  registry: Registry,
  config: Omit<CounterConfiguration<T>, 'registers'>,
): Counter<T> {
  return (
    existing<Counter<T>>(registry, Counter, config.name, config.labelNames) ??
    new Counter<T>({ ...config, registers: [registry] })
  );
}

/** Idempotent: modules asking for the same histogram name share one instance. */
export function getOrCreateHistogram<T extends string>(
  registry: Registry,
  config: Omit<HistogramConfiguration<T>, 'registers'>,
): Histogram<T> {
  return (
    existing<Histogram<T>>(registry, Histogram, config.name, config.labelNames) ??
    new Histogram<T>({ ...config, registers: [registry] })
  );
}

/** Idempotent: modules asking for the same gauge name share one instance. */
export function getOrCreateGauge<T extends string>(
  registry: Registry,
  config: Omit<GaugeConfiguration<T>, 'registers'>,
): Gauge<T> {
  return (
    existing<Gauge<T>>(registry, Gauge, config.name, config.labelNames) ??
    new Gauge<T>({ ...config, registers: [registry] })
  );
}
