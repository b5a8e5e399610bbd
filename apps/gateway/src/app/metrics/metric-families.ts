import type { Metric, MetricValueWithName, Registry } from 'prom-client';

type Labels<L extends string> = Readonly<Record<L, string>>;
/** What prom-client's metrics return from `get()` at run time (its typings say an enum for `type`; the registry prints the string). */
interface Exported {
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'histogram';
  readonly values: MetricValueWithName<string>[];
  readonly aggregator: 'sum';
}

/** One counter series: a plain number on the request path. */
export interface CounterSeries {
  value: number;
}

/** One histogram series: cumulative at export, per-bucket counts here. */
export class HistogramSeries {
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(private readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length);
  }

  observe(value: number): void {
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && value > bounds[i]) i++;
    if (i < bounds.length) this.counts[i]++;
    this.sum += value;
    this.count++;
  }
}

/**
 * The families the gateway records on its request path. prom-client's own
 * `inc(labels)` / `observe(labels, v)` hash and validate the label object on
 * every call (about 0.3 µs each, several per request: a tenth of what a
 * preflight costs a bare Node server). These keep each series as plain
 * numbers the caller holds (gateway.metrics.ts finds them by route, method,
 * instance...), so recording is a field update, and hand prom-client the same
 * `{ name, help, type, values }` its own metrics produce, at scrape time
 * (Prometheus exposition format). The key given to `create` must name the
 * labels one-to-one (e.g. the values joined with a character none of them holds).
 */
abstract class Family<L extends string, S> {
  protected readonly series = new Map<string, { readonly labels: Labels<L>; readonly data: S }>();

  constructor(
    registry: Registry,
    readonly name: string,
    readonly help: string,
    readonly type: 'counter' | 'histogram',
  ) {
    // A metric to the registry is anything with name, help, type, get() and reset().
    registry.registerMetric(this as unknown as Metric);
  }

  /** A new series, or the one `key` already names; the caller keeps it and records into it directly. */
  create(key: string, labels: Labels<L>): S {
    const known = this.series.get(key);
    if (known !== undefined) return known.data;
    const data = this.newSeries();
    this.series.set(key, { labels, data });
    return data;
  }

  /**
   * Drops the series whose labels fail `keep`: for labels whose values leave
   * for good (an instance discovery no longer reports), not for ones that only
   * go quiet, whose counters must keep counting.
   */
  retainWhere(keep: (labels: Labels<L>) => boolean): void {
    for (const [key, { labels }] of this.series) if (!keep(labels)) this.series.delete(key);
  }

  /** Series live as long as the process: a counter that vanishes breaks `rate()`. */
  reset(): void {
    for (const { data } of this.series.values()) this.clear(data);
  }

  /** What the registry reads at scrape time (prom-client's own metrics return the same shape). */
  async get(): Promise<Exported> {
    return { name: this.name, help: this.help, type: this.type, values: this.values(), aggregator: 'sum' };
  }

  protected abstract newSeries(): S;
  protected abstract clear(series: S): void;
  protected abstract values(): MetricValueWithName<string>[];
}

export class CounterFamily<L extends string> extends Family<L, CounterSeries> {
  constructor(registry: Registry, name: string, help: string) {
    super(registry, name, help, 'counter');
  }

  protected newSeries(): CounterSeries {
    return { value: 0 };
  }

  protected clear(series: CounterSeries): void {
    series.value = 0;
  }

  protected values(): MetricValueWithName<string>[] {
    return [...this.series.values()].map(({ labels, data }) => ({ labels, value: data.value }));
  }
}

export class HistogramFamily<L extends string> extends Family<L, HistogramSeries> {
  constructor(
    registry: Registry,
    name: string,
    help: string,
    private readonly bounds: readonly number[],
  ) {
    super(registry, name, help, 'histogram');
  }

  protected newSeries(): HistogramSeries {
    return new HistogramSeries(this.bounds);
  }

  protected clear(series: HistogramSeries): void {
    series.counts.fill(0);
    series.sum = 0;
    series.count = 0;
  }

  // Laid out as prom-client's Histogram lays it out (`le` first, the series'
  // labels as `sharedLabels`), so the text is the same line for line.
  protected values(): MetricValueWithName<string>[] {
    const out: (MetricValueWithName<string> & { sharedLabels: Labels<L> })[] = [];
    const bucket = `${this.name}_bucket`;
    for (const { labels, data } of this.series.values()) {
      let cumulative = 0;
      this.bounds.forEach((le, i) => {
        cumulative += data.counts[i];
        out.push({ metricName: bucket, labels: { le }, sharedLabels: labels, value: cumulative });
      });
      out.push({ metricName: bucket, labels: { le: '+Inf' }, sharedLabels: labels, value: data.count });
      out.push({ metricName: `${this.name}_sum`, labels: {}, sharedLabels: labels, value: data.sum });
      out.push({ metricName: `${this.name}_count`, labels: {}, sharedLabels: labels, value: data.count });
    }
    return out;
  }
}
