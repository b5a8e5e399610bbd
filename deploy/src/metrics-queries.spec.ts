import { join } from 'node:path';
import { type MetricSamples, type RunningApp, scrapeMetrics, send, startApp, workspaceRoot } from '@corsway/testing';
import { readRepoFile } from './support/repo';

// The PromQL the docs and the dashboard give (docs/DEPLOY.md "Metrics and
// traces", deploy/grafana/gateway-dashboard.json) asks the BUILT gateway's
// /metrics for metrics and labels it really has: a renamed metric or label
// fails here instead of leaving an empty graph.

interface Dashboard {
  panels: { title: string; targets: { expr: string }[] }[];
}

function dashboardQueries(): string[] {
  const dashboard = JSON.parse(readRepoFile('deploy', 'grafana', 'gateway-dashboard.json')) as Dashboard;
  return dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr));
}

function deployDocQueries(): string[] {
  const doc = readRepoFile('docs', 'DEPLOY.md');
  const section = doc.slice(doc.indexOf('## Metrics and traces'));
  const block = /```promql\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));
}

/** `gateway_*` names a query reads, as families (`x_bucket` -> `x`, a histogram's). */
function familiesIn(query: string): { family: string; histogram: boolean }[] {
  return [...query.matchAll(/\b(gateway_[a-z_]+?)(_bucket|_sum|_count)?\b/g)].map((m) => ({ family: m[1], histogram: m[2] !== undefined }));
}

/** Label names the query groups or filters by (`le` is a histogram's own). */
function labelsIn(query: string): string[] {
  const grouped = [...query.matchAll(/\bby \(([^)]*)\)/g)].flatMap((m) => m[1].split(',').map((l) => l.trim()));
  const filtered = [...query.matchAll(/\{([^}]*)\}/g)].flatMap((m) => [...m[1].matchAll(/([a-z_]+)\s*=/g)].map((l) => l[1]));
  return [...grouped, ...filtered].filter((l) => l !== 'le' && l !== '');
}

/** The label names of the samples of `family` in a scrape. */
function labelNamesOf(samples: MetricSamples, family: string): Set<string> {
  const names = new Set<string>();
  for (const line of samples.text.split('\n')) {
    const m = new RegExp(`^${family}(?:_bucket|_sum|_count)?\\{([^}]*)\\}`).exec(line);
    if (m) for (const l of m[1].matchAll(/([a-zA-Z_]+)="/g)) names.add(l[1]);
  }
  return names;
}

describe('the documented PromQL reads what the built gateway exports', () => {
  let gateway: RunningApp;
  let samples: MetricSamples;

  beforeAll(async () => {
    gateway = await startApp('gateway', { GATEWAY_CONFIG: join(workspaceRoot, 'dist', 'apps', 'gateway', 'assets', 'gateway.config.json') });
    // One refused preflight: a request, its latency, a preflight and a CORS refusal, each with its labels.
    const refused = await send(`${gateway.url}/users/user/login`, {
      method: 'OPTIONS',
      headers: { origin: 'http://elsewhere.example', 'access-control-request-method': 'POST' },
    });
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
    samples = await scrapeMetrics(gateway.url);
  });
  afterAll(() => gateway?.stop());

  it('the docs and the dashboard have queries to check (guards the extraction)', () => {
    expect(deployDocQueries().length).toBeGreaterThanOrEqual(4);
    expect(dashboardQueries().length).toBeGreaterThanOrEqual(3);
    expect(dashboardQueries().flatMap(familiesIn).map((f) => f.family)).toEqual(
      expect.arrayContaining(['gateway_requests_total', 'gateway_request_duration_seconds', 'gateway_cors_refusals_total']),
    );
  });

  it.each([
    ['docs/DEPLOY.md', deployDocQueries],
    ['deploy/grafana/gateway-dashboard.json', dashboardQueries],
  ])('every metric and label in %s exists', (_where, queries) => {
    const problems: string[] = [];
    for (const query of queries()) {
      for (const { family, histogram } of familiesIn(query)) {
        const type = samples.type(family);
        if (type === undefined) problems.push(`${family}: not exported (${query})`);
        else if (histogram && type !== 'histogram') problems.push(`${family}: read as a histogram, but it is a ${type}`);
        const labels = labelNamesOf(samples, family);
        for (const label of labelsIn(query)) if (!labels.has(label)) problems.push(`${family}: no label "${label}" (has ${[...labels].join(', ')})`);
      }
    }
    expect(problems).toEqual([]);
  });
});
