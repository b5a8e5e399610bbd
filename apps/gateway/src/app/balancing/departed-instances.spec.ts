import { FakeConsulServer } from '@corsway/discovery/testing';
import { eventually, send } from '@corsway/testing';
import { startGateway, type RunningGateway } from '../../testing/gateway-under-test.testing';
import { UpstreamServer } from '../../testing/upstream-server.testing';

// Under Consul, instances come and go (a rolling deploy, a rescheduled container
// on a new address). What the gateway keeps per instance (a connection pool, a
// health-check pool, circuit-breaker state, metrics series) must go with it:
// kept, each departed instance held its idle connections open and about 25 KB of
// pool, and its series stayed in /metrics for the life of the process.
describe('instances that leave discovery are forgotten', () => {
  const consul = new FakeConsulServer({ jitter: false });
  const upstreams = ['a', 'b', 'c'].map((name) => new UpstreamServer(name));
  const [a, b, c] = upstreams;
  let gw: RunningGateway;
  const port = (u: UpstreamServer) => Number(new URL(u.url).port);
  const register = (u: UpstreamServer) => consul.addInstance({ id: `svc-${u.name}`, name: 'svc', address: '127.0.0.1', port: port(u) });
  const servedBy = async () => String((await send(`${gw.url}/svc/x`)).headers['x-upstream']);
  const metricsText = async () => (await send(`${gw.url}/metrics`)).text;

  beforeAll(async () => {
    await Promise.all([consul.start(), ...upstreams.map((u) => u.start())]);
    register(a);
    gw = await startGateway({
      env: { DISCOVERY: 'consul', CONSUL_URL: consul.url },
      instanceSweepMs: 200,
      config: {
        routes: [{ upstream: '/svc/{everything}', downstream: '/{everything}', service: 'svc' }],
        discovery: { provider: 'static', services: {}, consul: { wait: '1s' } },
        proxy: { healthCheck: { intervalMs: 100, timeoutMs: 500 } },
      },
    });
  });
  afterAll(async () => {
    await gw?.close();
    await Promise.all([consul.stop(), ...upstreams.map((u) => u.stop())]);
  });

  it('closes a departed instance\'s connections and drops its metrics series; the live one keeps both', async () => {
    expect(await servedBy()).toBe('a');
    expect(await metricsText()).toContain(`instance="${a.url}"`); // a live instance keeps its series
    // Each instance in turn replaces the one before, as a rolling deploy does.
    for (const [gone, next] of [[a, b], [b, c]] as const) {
      register(next);
      consul.removeInstance(`svc-${gone.name}`);
      await eventually(async () => (await servedBy()) === next.name, `${next.name} to serve alone`);
      expect(await servedBy()).toBe(next.name);
    }

    await eventually(async () => (await a.connections()) === 0 && (await b.connections()) === 0, 'the departed instances\' connections to close', 3_000);
    const text = await metricsText();
    expect(text).not.toContain(`instance="${a.url}"`);
    expect(text).not.toContain(`instance="${b.url}"`);
    expect(text).toContain(`service="svc",instance="${c.url}"`);
    expect(await c.connections()).toBeGreaterThan(0);
    expect(await servedBy()).toBe('c');
  });

  it('a request running on an instance when it departs still completes, then its connection closes', async () => {
    const slow = await new UpstreamServer('slow').start();
    try {
      slow.handler = (req, res) => {
        const answer = () => {
          res.writeHead(200, { 'x-upstream': 'slow' });
          res.end('done');
        };
        if (req.url === '/health') answer();
        else setTimeout(answer, 800);
      };
      register(slow);
      consul.removeInstance(`svc-${c.name}`);
      await eventually(async () => (await servedBy()) === 'slow', 'slow to serve alone');
      const running = send(`${gw.url}/svc/x`);
      await new Promise((r) => setTimeout(r, 100));
      register(c);
      consul.removeInstance(`svc-${slow.name}`);
      await eventually(async () => (await servedBy()) === 'c', 'c to serve alone');
      await new Promise((r) => setTimeout(r, 400)); // two sweeps while the request runs
      const res = await running;
      expect([res.status, res.text]).toEqual([200, 'done']);
      await eventually(async () => (await slow.connections()) === 0, 'the departed instance\'s connection to close', 3_000);
    } finally {
      await slow.stop();
    }
  });
});
