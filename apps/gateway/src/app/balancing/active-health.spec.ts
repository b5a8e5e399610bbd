import { startGateway, type RunningGateway } from '../../testing/gateway-under-test.testing';
import { eventually, send } from '@corsway/testing';
import { closedPortUrl, UpstreamServer } from '../../testing/upstream-server.testing';

const routes = [{ upstream: '/svc/{everything}', downstream: '/{everything}', service: 'svc', timeoutMs: 500 }];

async function servedBy(gw: RunningGateway, n: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(String((await send(`${gw.url}/svc/x`)).headers['x-upstream'] ?? 'gateway'));
  return out;
}

describe('active health checks', () => {
  const sick = new UpstreamServer('sick');
  const live = new UpstreamServer('live');
  let gw: RunningGateway;

  beforeAll(() => Promise.all([sick.start(), live.start()]));
  afterAll(async () => {
    await gw?.close();
    await Promise.all([sick.stop(), live.stop()]);
  });

  it('eject an instance whose /health fails before users find out, and bring it back within one interval', async () => {
    let healthy = false;
    sick.handler = (req, res) => {
      if (req.url === '/health' && !healthy) {
        res.writeHead(503);
        return res.end();
      }
      res.writeHead(200, { 'x-upstream': 'sick' });
      res.end();
    };
    gw = await startGateway({
      config: { routes, discovery: { services: { svc: [sick.url, live.url] } }, proxy: { healthCheck: { intervalMs: 100, timeoutMs: 200 }, circuitBreaker: { cooldownMs: 60_000, failureThreshold: 5 } } },
    });
    await eventually(async () => sick.seen.some((r) => r.url === '/health'), 'a health check');
    await new Promise((r) => setTimeout(r, 150));
    expect(await servedBy(gw, 4)).toEqual(['live', 'live', 'live', 'live']);
    healthy = true;
    const recovered = performance.now();
    await eventually(async () => (await servedBy(gw, 2)).includes('sick'), 'the instance back in rotation');
    expect(performance.now() - recovered).toBeLessThan(1_000); // not the 60 s cool-down
  });
});

describe('a restarted sole instance (default settings)', () => {
  it('serves again within 1 s of listening', async () => {
    const deadUrl = await closedPortUrl();
    const gw = await startGateway({ config: { routes, discovery: { services: { svc: [deadUrl] } } } });
    try {
      expect((await send(`${gw.url}/svc/x`)).status).toBe(503); // down: ejected
      expect((await send(`${gw.url}/svc/x`)).status).toBe(503);
      const back = await new UpstreamServer('back').start(Number(new URL(deadUrl).port));
      try {
        const listening = performance.now();
        await eventually(async () => (await send(`${gw.url}/svc/x`)).status === 200, 'the instance to serve');
        expect(performance.now() - listening).toBeLessThan(1_000);
      } finally {
        await back.stop();
      }
    } finally {
      await gw.close();
    }
  });
});
