import { MetricsServer } from '@corsway/metrics';
import { scrapeMetrics, send, type MetricSamples } from '@corsway/testing';
import { Writable } from 'node:stream';
import { startWebTestServer, type WebTestServer } from '../test/web-test-server';

const RENDERS = 'web_page_renders_total';
const HTML = { accept: 'text/html' };
const JSON_ONLY = { accept: 'application/json' };

/** Every (page, status) series that moved between two scrapes, with how much. */
function moved(before: MetricSamples, after: MetricSamples): Record<string, number> {
  const series = [...after.text.matchAll(/^web_page_renders_total\{page="([^"]+)",status="(\d+)"/gm)];
  const out: Record<string, number> = {};
  for (const [, page, status] of series) {
    const d = after.value(RENDERS, { page, status }) - before.value(RENDERS, { page, status });
    if (d) out[`${page} ${status}`] = d;
  }
  return out;
}

describe('web page-render metrics', () => {
  let server: WebTestServer;
  const lines: { req?: { url?: string } }[] = [];
  beforeAll(async () => {
    server = await startWebTestServer({
      env: { LOG_LEVEL: 'info' },
      corsExplainer: async () => {
        throw new Error('explainer down (a 500 for the error page)');
      },
      logStream: new Writable({
        write(chunk: Buffer, _enc, done) {
          for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line));
          done();
        },
      }),
    });
  });
  afterAll(() => server.close());

  it.each([
    ['the home page', [['/Home', HTML]], { 'home/index 200': 1 }],
    [
      'the login page, at / and at /Account/Login',
      [
        ['/', HTML],
        ['/Account/Login', HTML],
      ],
      { 'account/login 200': 2 },
    ],
    ['the register page', [['/Account/Register', HTML]], { 'account/register 200': 1 }],
    ['the diagnostics page', [['/Diagnostics/Cors', HTML]], { 'diagnostics/cors 200': 1 }],
    [
      'a 404 page, twice',
      [
        ['/no/such/page', HTML],
        ['/nope', HTML],
      ],
      { 'shared/error 404': 2 },
    ],
    ['a 400 error page (bad query)', [['/Diagnostics/Cors/explain?case=nope', HTML]], { 'shared/error 400': 1 }],
    ['a 500 error page', [['/Diagnostics/Cors/explain?case=simple', HTML]], { 'shared/error 500': 1 }],
    [
      'no page: a 404 asked for as JSON, a static file, the health check',
      [
        ['/nope', JSON_ONLY],
        ['/css/site.css', HTML],
        ['/health', JSON_ONLY],
      ],
      {},
    ],
    [
      'a mix: home, login, 404',
      [
        ['/Home', HTML],
        ['/', HTML],
        ['/missing', HTML],
      ],
      { 'home/index 200': 1, 'account/login 200': 1, 'shared/error 404': 1 },
    ],
  ] as [string, [string, Record<string, string>][], Record<string, number>][])(
    '%s',
    async (_what, requests, expected) => {
      const before = await scrapeMetrics(server.url);
      for (const [path, headers] of requests) await send(`${server.url}${path}`, { headers });
      const after = await scrapeMetrics(server.url);
      expect(moved(before, after)).toEqual(expected);
    },
  );

  it('serves /metrics as text, labelled app="web", without CORS headers and outside the access log', async () => {
    const res = await send(`${server.url}/metrics`, { headers: { origin: 'http://page.test' } });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    const m = await scrapeMetrics(server.url);
    expect(m.type(RENDERS)).toBe('counter');
    expect(m.help(RENDERS)).toMatch(/page="shared\/error"/);
    expect(m.value('process_resident_memory_bytes', { app: 'web' })).toBeGreaterThan(0);
    await send(`${server.url}/Account/Register`, { headers: HTML });
    const urls = lines.map((l) => l.req?.url);
    expect(urls).toContain('/Account/Register'); // the access log works...
    expect(urls).not.toContain('/metrics'); // ...and leaves the scrapes out
  });
});

describe('web metrics with METRICS_PORT', () => {
  it('serves /metrics on the metrics port only; on the web port it is an unknown page', async () => {
    const server = await startWebTestServer({ env: { METRICS_PORT: '0' } });
    try {
      const metricsUrl = `http://127.0.0.1:${server.app.get(MetricsServer).port}`;
      const before = await scrapeMetrics(metricsUrl);
      expect((await send(`${server.url}/metrics`, { headers: HTML })).status).toBe(404);
      const after = await scrapeMetrics(metricsUrl);
      expect(moved(before, after)).toEqual({ 'shared/error 404': 1 });
    } finally {
      await server.close();
    }
  });
});
