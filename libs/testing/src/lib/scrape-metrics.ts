import { send } from './http-send';

// The package ships no type declarations; this is the part of its output we read.
const parsePrometheusText = require('parse-prometheus-text-format') as (text: string) => ParsedFamily[];

interface ParsedFamily {
  name: string;
  help: string;
  type: string;
  metrics: { value?: string; labels?: Record<string, string> }[];
}

/** One scrape of a `/metrics` endpoint (Prometheus exposition format, text). */
export interface MetricSamples {
  /** The body as served. */
  readonly text: string;
  /**
   * The sum of the samples named `name` whose labels include every one of
   * `labels` (PromQL's `sum(name{labels})`); 0 when there is none, so a test
   * can subtract a scrape taken before the series existed. Histograms and
   * summaries read by their sample names: `x_count`, `x_sum`, `x_bucket` (with `le`).
   */
  value(name: string, labels?: Record<string, string>): number;
  /** The `# HELP` text of a metric family, or undefined. */
  help(name: string): string | undefined;
  /** The `# TYPE` of a metric family (`counter`, `gauge`, `histogram`, ...), or undefined. */
  type(name: string): string | undefined;
}

/**
 * GETs `url` (the `/metrics` URL, or a base URL such as `http://127.0.0.1:1234`
 * to which `/metrics` is appended) and parses it with
 * parse-prometheus-text-format. Throws unless the answer is 200 in the text
 * format. Take one scrape before and one after the requests a test drives,
 * and assert the difference.
 *
 * @example
 * ```ts
 * const before = await scrapeMetrics(app.url);
 * await login(app.url, 'ada', 'wrong');
 * const after = await scrapeMetrics(app.url);
 * expect(after.value('user_service_logins_total', { outcome: 'bad_credentials' }) -
 *        before.value('user_service_logins_total', { outcome: 'bad_credentials' })).toBe(1);
 * ```
 */
export async function scrapeMetrics(url: string): Promise<MetricSamples> {
  const target = /^https?:\/\/[^/]+\/?$/.test(url) ? `${url.replace(/\/$/, '')}/metrics` : url;
  const res = await send(target);
  const type = String(res.headers['content-type'] ?? '');
  if (res.status !== 200 || !type.startsWith('text/plain'))
    throw new Error(
      `GET ${target} answered ${res.status} (${type || 'no Content-Type'}), not metrics:\n${res.text.slice(0, 500)}`,
    );
  return parseMetrics(res.text);
}

/** Parses a body in the Prometheus text format (what {@link scrapeMetrics} does with the answer). */
export function parseMetrics(text: string): MetricSamples {
  const types = new Map<string, string>();
  for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) types.set(name, type);
  // The parser folds a histogram's or summary's series into one sample and drops their labels
  // (every series here has at least `app`), so it is shown them as untyped: each _bucket, _sum
  // and _count line then stays one sample with its labels, as PromQL sees it.
  const families = parsePrometheusText(text.replace(/^# TYPE (\S+) (histogram|summary)$/gm, '# TYPE $1 untyped'));
  const samples = new Map<string, ParsedFamily['metrics']>();
  const helps = new Map<string, string>();
  for (const family of families) {
    samples.set(family.name, [...(samples.get(family.name) ?? []), ...family.metrics]);
    if (family.help) helps.set(family.name, family.help);
  }
  return {
    text,
    value: (name, labels = {}) =>
      (samples.get(name) ?? [])
        .filter((s) => Object.entries(labels).every(([k, v]) => s.labels?.[k] === v))
        .reduce((sum, s) => sum + number(s.value), 0),
    help: (name) => helps.get(name),
    type: (name) => types.get(name),
  };
}

function number(raw: string | undefined): number {
  if (raw === '+Inf') return Number.POSITIVE_INFINITY;
  if (raw === '-Inf') return Number.NEGATIVE_INFINITY;
  return Number(raw);
}
