import { FakeConsulServer } from '@corsway/discovery/testing';
import { startGateway, type RunningGateway } from '../../testing/gateway-under-test.testing';
import { eventually, send } from '@corsway/testing';
import { UpstreamServer } from '../../testing/upstream-server.testing';


describe('DISCOVERY=consul overrides the file and drives round-robin', () => {
  const consul = new FakeConsulServer({ jitter: false });
  const one = new UpstreamServer('one');
  const two = new UpstreamServer('two');
  let gw: RunningGateway;
  const port = (u: UpstreamServer) => Number(new URL(u.url).port);
  const servedBy = async () => String((await send(`${gw.url}/users/x`)).headers['x-upstream']);

  beforeAll(async () => {
    await Promise.all([consul.start(), one.start(), two.start()]);
    consul.addInstance({ id: 'users-1', name: 'user-service', address: '127.0.0.1', port: port(one) });
    gw = await startGateway({
      env: { DISCOVERY: 'consul', CONSUL_URL: consul.url },
      config: {
        routes: [{ upstream: '/users/{everything}', downstream: '/{everything}', service: 'user-service' }],
        // The file says static with a dead address: the environment must win.
        discovery: { provider: 'static', services: { 'user-service': ['http://127.0.0.1:1'] }, consul: { wait: '1s' } },
      },
    });
  });
  afterAll(async () => {
    await gw?.close();
    await Promise.all([consul.stop(), one.stop(), two.stop()]);
  });

  it('routes to the instance Consul reports, then balances over a new one, then drops a critical one', async () => {
    expect(await servedBy()).toBe('one');
    consul.addInstance({ id: 'users-2', name: 'user-service', address: '127.0.0.1', port: port(two) });
    await eventually(async () => (await servedBy()) === 'two', 'the second instance');
    const seen = new Set([await servedBy(), await servedBy()]);
    expect([...seen].sort()).toEqual(['one', 'two']);
    consul.setCheckStatus('users-1', 'critical');
    await eventually(async () => (await Promise.all([servedBy(), servedBy()])).every((s) => s === 'two'), 'users-1 to leave');
  });

  it('reports the consul provider on /health/ready', async () => {
    const res = await send(`${gw.url}/health/ready`);
    expect(res.json()).toMatchObject({ Data: { discovery: { provider: 'consul', healthy: true } } });
  });
});
