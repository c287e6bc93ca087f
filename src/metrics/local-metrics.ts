import type { Metric, Registry } from 'prom-client';

interface Spec {
  name: string;
  help: string;
  labelNames: readonly string[];
}

interface Sample {
  value: number;
  labels: Record<string, string | number>;
  metricName?: string;
}

interface Series<T> {
  labels: Record<string, string>;
  data: T;
}

/**
 * A metric that counts in plain numbers per label combination and builds
 * prom-client's view of itself only when the registry is scraped. prom-client's
 * own inc/observe hash a label object on every call, several times per
 * request (about 4% of the gateway's CPU); the registry accepts any object
 * with its metric shape, and formats it as it formats its own.
 */
abstract class LocalMetric<T> {
  readonly name: string;
  readonly help: string;
  readonly aggregator = 'sum';
  abstract readonly type: 'counter' | 'histogram';
  private readonly labelNames: readonly string[];
  private readonly series = new Map<string, Series<T>>();

  constructor(spec: Spec, registry: Registry) {
    this.name = spec.name;
    this.help = spec.help;
    this.labelNames = spec.labelNames;
    // Duck-typed: Registry reads name, help, type, aggregator and get().
    registry.registerMetric(this as unknown as Metric);
  }

  get(): Promise<{ name: string; help: string; type: string; aggregator: string; values: Sample[] }> {
    const values: Sample[] = [];
    for (const { labels, data } of this.series.values()) this.samples(labels, data, values);
    return Promise.resolve({ name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values });
  }

  reset(): void {
    this.series.clear();
  }

  /** The data of one label combination, `values` in labelNames order. */
  protected of(values: readonly string[]): T {
    const key = values.join('\u0001');
    let found = this.series.get(key);
    if (found === undefined) {
      if (values.length !== this.labelNames.length) {
        throw new Error(`${this.name} takes ${this.labelNames.length} label values, got ${values.length}`);
      }
      const labels: Record<string, string> = {};
      this.labelNames.forEach((name, i) => (labels[name] = values[i]));
      found = { labels, data: this.create() };
      this.series.set(key, found);
    }
    return found.data;
  }

  protected abstract create(): T;
  protected abstract samples(labels: Record<string, string>, data: T, into: Sample[]): void;
}

/** A counter; an increment that is not a finite number ≥ 0 is ignored (a counter only goes up). */
export class LocalCounter extends LocalMetric<{ value: number }> {
  readonly type = 'counter';

  inc(values: readonly string[], by = 1): void {
    if (by >= 0 && by !== Infinity) this.of(values).value += by;
  }

  protected create(): { value: number } {
    return { value: 0 };
  }

  protected samples(labels: Record<string, string>, data: { value: number }, into: Sample[]): void {
    into.push({ labels, value: data.value });
  }
}

interface Buckets {
  /** Observations per bucket, not cumulative; the last slot is +Inf. */
  counts: Float64Array;
  sum: number;
  count: number;
}

/** A histogram with fixed upper bounds (seconds), written out cumulatively as Prometheus expects. */
export class LocalHistogram extends LocalMetric<Buckets> {
  readonly type = 'histogram';
  private readonly bounds: readonly number[];

  constructor(spec: Spec & { buckets: readonly number[] }, registry: Registry) {
    super(spec, registry);
    this.bounds = [...spec.buckets].sort((a, b) => a - b);
  }

  observe(values: readonly string[], value: number): void {
    if (!Number.isFinite(value)) return;
    const data = this.of(values);
    let i = 0;
    while (i < this.bounds.length && value > this.bounds[i]) i++;
    data.counts[i]++;
    data.sum += value;
    data.count++;
  }

  protected create(): Buckets {
    return { counts: new Float64Array(this.bounds.length + 1), sum: 0, count: 0 };
  }

  protected samples(labels: Record<string, string>, data: Buckets, into: Sample[]): void {
    let cumulative = 0;
    this.bounds.forEach((le, i) => {
      cumulative += data.counts[i];
      into.push({ labels: { le, ...labels }, value: cumulative, metricName: `${this.name}_bucket` });
    });
    into.push({ labels: { le: '+Inf', ...labels }, value: data.count, metricName: `${this.name}_bucket` });
    into.push({ labels, value: data.sum, metricName: `${this.name}_sum` });
    into.push({ labels, value: data.count, metricName: `${this.name}_count` });
  }
}
