import { MetricsServer } from '@corsway/metrics';
import { eventually, type MetricSamples, scrapeMetrics, send } from '@corsway/testing';
import { createServer } from 'node:net';
import { startGateway, testConfig, type RunningGateway } from '../../testing/gateway-under-test.testing';
import { UpstreamServer } from '../../testing/upstream-server.testing';

const WEB = 'http://localhost:7152';
const PARTNER = 'https://partner.example';

/** A port nothing listens on: connections to it are refused. */
async function deadPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as { port: number }).port;
  await new Promise((r) => probe.close(r));
  return port;
}

// Known requests in, exact counter deltas out: each test scrapes /metrics
// before and after and compares the difference with what it sent.
describe('gateway /metrics over real HTTP', () => {
  const svc = new UpstreamServer('svc');
  let gw: RunningGateway;
  let dead: string;

  beforeAll(async () => {
    await svc.start();
    dead = `http://127.0.0.1:${await deadPort()}`;
    gw = await startGateway({
      config: testConfig(
        { svc: [svc.url], gone: [dead] },
        [
          { upstream: '/svc/{everything}', downstream: '/{everything}', service: 'svc', cors: 'Web' },
          { upstream: '/limited', downstream: '/limited', service: 'svc', cors: 'Web', rateLimit: { limit: 1, windowSeconds: 60 } },
          { upstream: '/private', downstream: '/private', service: 'svc', cors: 'Web', auth: true },
          { upstream: '/gone/{everything}', downstream: '/{everything}', service: 'gone', cors: 'Web' },
        ],
        {
          cors: { defaultPolicy: null, policies: { Web: { origins: [WEB], methods: ['GET', 'POST'], headers: ['Content-Type'] } } },
          proxy: { healthCheck: false },
          metrics: { originLabels: [PARTNER], maxOriginLabels: 3 },
        },
      ),
    });
  });
  afterAll(async () => {
    await gw?.close();
    await svc.stop();
  });

  /** Runs `drive`, then returns how much each read moved. */
  async function delta(drive: () => Promise<unknown>, reads: Record<string, [string, Record<string, string>]>): Promise<Record<string, number>> {
    const before = await scrapeMetrics(gw.url);
    await drive();
    const after = await scrapeMetrics(gw.url);
    const moved = (m: MetricSamples, [name, labels]: [string, Record<string, string>]) => m.value(name, labels);
    return Object.fromEntries(Object.entries(reads).map(([key, read]) => [key, moved(after, read) - moved(before, read)]));
  }

  const preflight = (origin: string, method = 'POST', extra: Record<string, string> = {}) =>
    send(`${gw.url}/svc/items`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': method, ...extra } });

  it('is the Prometheus text format, with no CORS headers, outside the routes', async () => {
    const res = await send(`${gw.url}/metrics`, { headers: { origin: WEB } });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.text).toContain('# TYPE gateway_requests_total counter');
    expect(res.text).toContain('process_cpu_seconds_total{app="gateway"}');
  });

  it('counts answered requests by route template, method and status class, with their latency', async () => {
    const moved = await delta(
      async () => {
        for (let i = 0; i < 3; i++) expect((await send(`${gw.url}/svc/a${i}`)).status).toBe(200);
        expect((await send(`${gw.url}/svc/a`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })).status).toBe(200);
        expect((await send(`${gw.url}/nowhere`)).status).toBe(404);
        expect((await send(`${gw.url}/svc/a`, { method: 'PROPFIND' })).status).toBe(200);
      },
      {
        get2xx: ['gateway_requests_total', { route: '/svc/{everything}', method: 'GET', status_class: '2xx' }],
        post2xx: ['gateway_requests_total', { route: '/svc/{everything}', method: 'POST', status_class: '2xx' }],
        unknownMethod: ['gateway_requests_total', { route: '/svc/{everything}', method: 'other', status_class: '2xx' }],
        noRoute404: ['gateway_requests_total', { route: '-', method: 'GET', status_class: '4xx' }],
        latencyCount: ['gateway_request_duration_seconds_count', { route: '/svc/{everything}' }],
        upstreamCount: ['gateway_upstream_duration_seconds_count', { service: 'svc', instance: svc.url }],
      },
    );
    expect(moved).toEqual({ get2xx: 3, post2xx: 1, unknownMethod: 1, noRoute404: 1, latencyCount: 5, upstreamCount: 5 });
  });

  it('counts 401 and 429 answers, and the rate-limit refusal', async () => {
    const moved = await delta(
      async () => {
        expect((await send(`${gw.url}/private`)).status).toBe(401);
        expect((await send(`${gw.url}/limited`)).status).toBe(200);
        expect((await send(`${gw.url}/limited`)).status).toBe(429);
        expect((await send(`${gw.url}/limited`)).status).toBe(429);
      },
      {
        unauthorized: ['gateway_requests_total', { route: '/private', status_class: '4xx' }],
        limited: ['gateway_requests_total', { route: '/limited', status_class: '4xx' }],
        limitedOk: ['gateway_requests_total', { route: '/limited', status_class: '2xx' }],
        refusals: ['gateway_client_refusals_total', { route: '/limited', limit: 'rate_limit' }],
        inFlight: ['gateway_client_refusals_total', { limit: 'in_flight' }],
      },
    );
    expect(moved).toEqual({ unauthorized: 1, limited: 2, limitedOk: 1, refusals: 2, inFlight: 0 });
  });

  it('counts a 503 from an instance that refuses connections: the upstream error and one ejection', async () => {
    const moved = await delta(
      async () => {
        expect((await send(`${gw.url}/gone/x`)).status).toBe(503);
        // Ejected now: the panic rule still tries it (every instance is ejected), so a second error, no second ejection.
        expect((await send(`${gw.url}/gone/x`)).status).toBe(503);
      },
      {
        answered503: ['gateway_requests_total', { route: '/gone/{everything}', status_class: '5xx' }],
        connectErrors: ['gateway_upstream_errors_total', { service: 'gone', instance: dead, kind: 'connect' }],
        ejections: ['gateway_instance_ejections_total', { instance: dead }],
      },
    );
    expect(moved).toEqual({ answered503: 2, connectErrors: 2, ejections: 1 });
  });

  it.each<[string, () => Promise<unknown>, string, Record<string, string>]>([
    ['origin-not-allowed (preflight)', () => preflight('https://a.example'), 'origin-not-allowed', { origin: 'https://a.example' }],
    ['method-not-allowed', () => preflight(WEB, 'DELETE'), 'method-not-allowed', { origin: WEB }],
    ['header-not-allowed', () => preflight(WEB, 'POST', { 'access-control-request-headers': 'x-debug' }), 'header-not-allowed', { origin: WEB }],
    ['private-network-not-allowed', () => preflight(WEB, 'GET', { 'access-control-request-private-network': 'true' }), 'private-network-not-allowed', { origin: WEB }],
    ['credentials-not-allowed', () => send(`${gw.url}/svc/me`, { headers: { origin: WEB, cookie: 'sid=1' } }), 'credentials-not-allowed', { origin: WEB }],
    ['origin-not-allowed (actual request)', () => send(`${gw.url}/svc/me`, { headers: { origin: 'https://b.example' } }), 'origin-not-allowed', { origin: 'https://b.example' }],
  ])('a CORS refusal for %s is counted once, by policy and reason', async (_name, drive, reason, labels) => {
    const moved = await delta(drive, {
      refusal: ['gateway_cors_refusals_total', { policy: 'Web', reason, ...labels }],
      allRefusals: ['gateway_cors_refusals_total', {}],
    });
    expect(moved).toEqual({ refusal: 1, allRefusals: 1 });
  });

  it('counts preflights by policy and result, as requests too', async () => {
    const moved = await delta(
      async () => {
        expect((await preflight(WEB)).status).toBe(204);
        expect((await preflight(WEB)).status).toBe(204);
        await preflight(WEB, 'DELETE');
      },
      {
        allowed: ['gateway_cors_preflights_total', { policy: 'Web', result: 'allowed' }],
        refused: ['gateway_cors_preflights_total', { policy: 'Web', result: 'refused' }],
        requests: ['gateway_requests_total', { route: '/svc/{everything}', method: 'OPTIONS' }],
      },
    );
    expect(moved).toEqual({ allowed: 2, refused: 1, requests: 3 });
  });

  it('bounds the origin label: listed origins and the first maxOriginLabels others get one, the rest count as "other"', async () => {
    // Earlier tests here had three origins refused: a.example, the web origin
    // (for a method, a header...) and b.example: maxOriginLabels is 3.
    await preflight('https://a.example');
    const moved = await delta(
      async () => {
        await preflight('https://c.example');
        await preflight('https://d.example');
        await preflight(PARTNER);
        await preflight('not an origin');
      },
      {
        c: ['gateway_cors_refusals_total', { origin: 'https://c.example' }],
        other: ['gateway_cors_refusals_total', { origin: 'other' }],
        partner: ['gateway_cors_refusals_total', { origin: PARTNER }],
      },
    );
    expect(moved).toEqual({ c: 0, other: 3, partner: 1 });
    const series = (await scrapeMetrics(gw.url)).text.split('\n').filter((l) => l.startsWith('gateway_cors_refusals_total{'));
    const origins = new Set(series.map((l) => /origin="([^"]*)"/.exec(l)?.[1]));
    expect([...origins].sort()).toEqual([WEB, 'https://a.example', 'https://b.example', PARTNER, 'other'].sort());
  });

  it("the refusal counter's help names the policy fields to change", async () => {
    const help = (await scrapeMetrics(gw.url)).help('gateway_cors_refusals_total') ?? '';
    for (const field of ['cors.policies.<policy>', '"origins"', '"methods"', '"headers"', '"credentials": true', '"privateNetwork": true', 'corsway-cors explain']) {
      expect(help).toContain(field);
    }
  });
});

describe('gateway metrics settings', () => {
  const svc = new UpstreamServer('svc');
  beforeAll(() => svc.start());
  afterAll(() => svc.stop());
  const config = (extra: Record<string, unknown> = {}) =>
    testConfig({ svc: [svc.url] }, [{ upstream: '/svc/{everything}', downstream: '/{everything}', service: 'svc' }], { proxy: { healthCheck: false }, ...extra });

  it('METRICS_PORT serves /metrics on its own port only', async () => {
    const gw = await startGateway({ config: config(), env: { METRICS_PORT: '0' } });
    try {
      const port = gw.app.get(MetricsServer).port;
      expect(port).toBeGreaterThan(0);
      expect((await send(`${gw.url}/svc/x`)).status).toBe(200);
      const metrics = await scrapeMetrics(`http://127.0.0.1:${port}`);
      expect(metrics.value('gateway_requests_total', { route: '/svc/{everything}' })).toBe(1);
      // On the gateway's port, /metrics is just a path: the catch-all route has none, so 404.
      expect((await send(`${gw.url}/metrics`)).status).toBe(404);
    } finally {
      await gw.close();
    }
  });

  it('counts active health checks by result, and an instance failing them as one ejection', async () => {
    const dead = `http://127.0.0.1:${await deadPort()}`;
    const gw = await startGateway({
      config: testConfig({ svc: [svc.url, dead] }, [{ upstream: '/svc/{everything}', downstream: '/{everything}', service: 'svc' }], {
        proxy: { healthCheck: { intervalMs: 20, timeoutMs: 500 } },
      }),
    });
    try {
      const m = await eventually(async () => {
        const now = await scrapeMetrics(gw.url);
        return now.value('gateway_health_checks_total', { instance: dead, result: 'down' }) >= 3 ? now : null;
      }, 'three failed checks of the dead instance');
      expect(m.value('gateway_health_checks_total', { instance: svc.url, result: 'up' })).toBeGreaterThanOrEqual(2);
      expect(m.value('gateway_health_checks_total', { instance: svc.url, result: 'down' })).toBe(0);
      // Out of rotation at its first failed check; the later ones find it out already.
      expect(m.value('gateway_instance_ejections_total', { instance: dead })).toBe(1);
    } finally {
      await gw.close();
    }
  });

  it('metrics.enabled false: no /metrics', async () => {
    const gw = await startGateway({ config: config({ metrics: { enabled: false } }) });
    try {
      const res = await send(`${gw.url}/metrics`);
      expect(res.status).toBe(404);
      expect(res.json()).toMatchObject({ Success: false });
    } finally {
      await gw.close();
    }
  });

  it.each<[string, Record<string, unknown>, Record<string, string>, RegExp]>([
    ['metrics.maxOriginLabels', { metrics: { maxOriginLabels: 0 } }, {}, /metrics\.maxOriginLabels/],
    ['metrics.originLabels', { metrics: { originLabels: 'https://a.example' } }, {}, /metrics\.originLabels/],
    ['metrics.enabled', { metrics: { enabled: 'yes' } }, {}, /metrics\.enabled/],
    ['an unknown metrics field', { metrics: { port: 9100 } }, {}, /metrics\.port/],
    ['METRICS_PORT', {}, { METRICS_PORT: 'nine' }, /METRICS_PORT/],
  ])('a bad %s stops start-up naming it', async (_name, extra, env, message) => {
    await expect(startGateway({ config: config(extra), env })).rejects.toThrow(message);
  });
});
