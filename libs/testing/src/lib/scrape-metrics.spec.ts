import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { parseMetrics, scrapeMetrics } from './scrape-metrics';

// A real prom-client registry, labelled the way every app's is (a default `app` label).
function registry(): Registry {
  const r = new Registry();
  r.setDefaultLabels({ app: 'test' });
  const logins = new Counter({
    name: 'logins_total',
    help: 'Logins by "outcome" \\ result',
    labelNames: ['outcome'],
    registers: [r],
  });
  logins.inc({ outcome: 'success' }, 3);
  logins.inc({ outcome: 'locked' });
  new Gauge({ name: 'queue_depth', help: 'Waiting', registers: [r] }).set(7);
  const wait = new Histogram({
    name: 'wait_seconds',
    help: 'Wait',
    buckets: [0.1, 1],
    labelNames: ['kind'],
    registers: [r],
  });
  wait.observe({ kind: 'a' }, 0.5);
  wait.observe({ kind: 'b' }, 0.05);
  wait.observe({ kind: 'b' }, 2);
  return r;
}

describe('parseMetrics', () => {
  it.each([
    ['one series', 'logins_total', { outcome: 'success' }, 3],
    ['the sum over the series the labels select', 'logins_total', {}, 4],
    ['a default label selects too', 'logins_total', { app: 'test', outcome: 'locked' }, 1],
    ['0 for a label value never seen', 'logins_total', { outcome: 'throttled' }, 0],
    ['0 for a metric that does not exist', 'nothing_total', {}, 0],
    ['a gauge', 'queue_depth', {}, 7],
    ["a labelled histogram's _count", 'wait_seconds_count', { kind: 'b' }, 2],
    ["a labelled histogram's _sum", 'wait_seconds_sum', { kind: 'b' }, 2.05],
    ['one bucket', 'wait_seconds_bucket', { kind: 'b', le: '1' }, 1],
    ['+Inf buckets, summed over labels', 'wait_seconds_bucket', { le: '+Inf' }, 3],
  ])('value: %s', async (_what, name, labels, expected) => {
    expect(parseMetrics(await registry().metrics()).value(name, labels)).toBeCloseTo(expected, 10);
  });

  it('reads HELP (unescaped) and TYPE per family', async () => {
    const m = parseMetrics(await registry().metrics());
    expect(m.help('logins_total')).toBe('Logins by "outcome" \\ result');
    expect([m.type('logins_total'), m.type('queue_depth'), m.type('wait_seconds')]).toEqual([
      'counter',
      'gauge',
      'histogram',
    ]);
    expect(m.help('nothing')).toBeUndefined();
  });
});

describe('scrapeMetrics', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    const r = registry();
    server = createServer((req, res) => {
      if (req.url !== '/metrics') return void res.writeHead(404, { 'content-type': 'application/json' }).end('{}');
      void r.metrics().then((text) => res.writeHead(200, { 'content-type': r.contentType }).end(text));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it.each([
    ['a base URL', ''],
    ['a base URL with a slash', '/'],
    ['the /metrics URL', '/metrics'],
  ])('takes %s', async (_what, path) => {
    expect((await scrapeMetrics(`${base}${path}`)).value('logins_total', { outcome: 'success' })).toBe(3);
  });

  it('refuses an answer that is not metrics, showing what came back', async () => {
    await expect(scrapeMetrics(`${base}/elsewhere`)).rejects.toThrow(/answered 404 \(application\/json\), not metrics/);
  });
});
