import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { captureLogger, FakeConsulServer, nextEvent, type FakeConsulRequest } from '../../testing';
import type { ServiceInstance } from '../service-instance';
import { ConsulDiscoveryProvider, type ConsulDiscoveryOptions } from './consul-discovery.provider';

type Change = [string, readonly ServiceInstance[]];
const urls = (instances: readonly ServiceInstance[]) => instances.map((i) => i.url);
const blocking = (r: FakeConsulRequest) => r.query['index'] !== undefined;
const healthRequests = (fake: FakeConsulServer, service = 'user-service') =>
  fake.requests.filter((r) => r.method === 'GET' && r.path === `/v1/health/service/${service}`);

describe('ConsulDiscoveryProvider against a fake Consul', () => {
  let fake: FakeConsulServer;
  let provider: ConsulDiscoveryProvider;
  let logger: ReturnType<typeof captureLogger>;

  const build = (options: Partial<ConsulDiscoveryOptions> = {}) => {
    logger = captureLogger();
    provider = new ConsulDiscoveryProvider({
      url: fake.url,
      services: ['user-service'],
      minIntervalMs: 5,
      backoff: { baseMs: 10, maxMs: 40 },
      logger,
      ...options,
    });
    return provider;
  };

  beforeEach(async () => {
    fake = new FakeConsulServer();
    await fake.start();
    fake.addInstance({ id: 'us-1', name: 'user-service', address: '10.0.0.1', port: 7101 });
  });

  afterEach(async () => {
    await provider?.stop();
    await fake.stop();
  });

  it('start() resolves with the passing instances, asking /v1/health/service/<name>?passing', async () => {
    fake.addInstance({ id: 'us-2', name: 'user-service', address: '10.0.0.2', port: 7101, checkStatus: 'critical' });
    await build().start();
    expect(urls(provider.getInstances('user-service'))).toEqual(['http://10.0.0.1:7101']);
    expect(healthRequests(fake)[0].query).toEqual({ passing: 'true' });
    expect(provider.knownServices()).toEqual(['user-service']);
    expect(provider.status()).toMatchObject({ provider: 'consul', healthy: true });
  });

  it('uses Node.Address when Service.Address is empty', async () => {
    fake.addInstance({ id: 'us-0', name: 'user-service', address: '', port: 7102 });
    await build().start();
    expect(urls(provider.getInstances('user-service'))).toEqual(['http://127.0.0.1:7102', 'http://10.0.0.1:7101']);
  });

  it('follows X-Consul-Index with blocking queries (index + wait)', async () => {
    await build({ wait: '30s' }).start();
    const blocked = await fake.waitForRequest(blocking);
    expect(blocked).toMatchObject({ query: { passing: 'true', index: String(fake.currentIndex), wait: '30s' } });
  });

  it('uses a new instance within one blocking round and drops critical and deregistered ones', async () => {
    await build().start();
    await fake.waitForRequest(blocking);

    let change = nextEvent<Change>(provider, 'change');
    fake.addInstance({ id: 'us-2', name: 'user-service', address: '10.0.0.2', port: 7101 });
    expect(urls((await change)[1])).toEqual(['http://10.0.0.1:7101', 'http://10.0.0.2:7101']);

    change = nextEvent<Change>(provider, 'change');
    fake.setCheckStatus('us-1', 'critical');
    expect(urls((await change)[1])).toEqual(['http://10.0.0.2:7101']);

    change = nextEvent<Change>(provider, 'change');
    fake.removeInstance('us-2');
    expect((await change)[1]).toEqual([]);
    expect(provider.getInstances('user-service')).toEqual([]);
  });

  it('getInstances answers from memory: no Consul request per lookup (Ocelot #299, #374)', async () => {
    await build().start();
    const before = fake.requests.length;
    for (let i = 0; i < 100; i += 1) expect(provider.getInstances('user-service')).toHaveLength(1);
    expect(fake.requests.length).toBe(before);
  });

  it('an unknown service is watched from its first lookup; [] until Consul answers', async () => {
    fake.addInstance({ id: 'orders-1', name: 'orders', address: '10.0.0.7', port: 8000 });
    await build().start();
    const answered = nextEvent<Change>(provider, 'answer', (service) => service === 'orders');
    expect(provider.getInstances('orders')).toEqual([]);
    expect(urls((await answered)[1])).toEqual(['http://10.0.0.7:8000']);
    expect(provider.getInstances('orders')).toHaveLength(1);
    expect(provider.watchedServices()).toEqual(['user-service', 'orders']);
  });

  it('watch(service) resolves after the first answer', async () => {
    fake.addInstance({ id: 'orders-1', name: 'orders', address: '10.0.0.7', port: 8000 });
    await build({ services: [] }).start();
    await provider.watch('orders');
    expect(urls(provider.getInstances('orders'))).toEqual(['http://10.0.0.7:8000']);
  });

  it('index going backwards resets to a non-blocking call, then blocks on the new index; 0 is never sent', async () => {
    fake.setIndex(50);
    await build().start();
    await fake.waitForRequest((r) => r.query['index'] === '50');
    const from = fake.requests.length;
    fake.setIndex(3);
    await fake.waitForRequest((r) => r.query['index'] === '3', from);
    const after = fake.requests.slice(from);
    expect(after.map((r) => r.query['index'] ?? 'none')).toEqual(['none', '3']);
    expect(healthRequests(fake).some((r) => r.query['index'] === '0')).toBe(false);
  });

  it('a zero X-Consul-Index after the first call blocks on 1, never on 0', async () => {
    await build().start();
    await fake.waitForRequest(blocking);
    const from = fake.requests.length;
    fake.setIndex(0);
    await fake.waitForRequest((r) => r.query['index'] === '1', from);
    expect(healthRequests(fake).some((r) => r.query['index'] === '0')).toBe(false);
  });

  it('on 500s keeps the last known list, reports unhealthy with the reason, logs, and recovers', async () => {
    await build().start();
    await fake.waitForRequest(blocking);
    fake.failAll(500, 'No cluster leader');
    const failed = nextEvent(provider, 'failure');
    fake.addInstance({ id: 'us-2', name: 'user-service', address: '10.0.0.2', port: 7101 }); // wakes the blocked query into a 500
    await failed;
    expect(urls(provider.getInstances('user-service'))).toEqual(['http://10.0.0.1:7101']);
    expect(provider.status()).toMatchObject({ healthy: false, lastError: expect.stringContaining('user-service') });
    expect(logger.lines.some((l) => l.startsWith('warn') && l.includes('keeping the last known 1 instance'))).toBe(true);

    const recovered = nextEvent<Change>(provider, 'change');
    fake.recover();
    expect(urls((await recovered)[1])).toEqual(['http://10.0.0.1:7101', 'http://10.0.0.2:7101']);
    expect(provider.status()).toMatchObject({ healthy: true });
    expect(provider.status().lastError).toBeUndefined();
  });

  it('backs off between failed attempts instead of spinning', async () => {
    fake.failAll(500);
    await build({ backoff: { baseMs: 10, maxMs: 10 } }).start();
    await nextEvent(provider, 'failure');
    await nextEvent(provider, 'failure');
    const gets = healthRequests(fake);
    expect(gets.length).toBeGreaterThanOrEqual(2);
    // Equal-jitter back-off: at least half the base delay between attempts.
    expect(gets[1].at - gets[0].at).toBeGreaterThanOrEqual(5);
  });

  it('connection refused (Consul stopped) keeps the last known list; a restarted Consul is picked up again', async () => {
    await build().start();
    await fake.waitForRequest(blocking);
    const refused = nextEvent(provider, 'failure');
    await fake.stop();
    await refused;
    await nextEvent(provider, 'failure'); // a second attempt against the closed port
    expect(urls(provider.getInstances('user-service'))).toEqual(['http://10.0.0.1:7101']);
    expect(provider.status()).toMatchObject({ healthy: false });

    fake.addInstance({ id: 'us-2', name: 'user-service', address: '10.0.0.2', port: 7101 });
    const recovered = nextEvent<Change>(provider, 'change');
    await fake.start();
    expect(urls((await recovered)[1])).toEqual(['http://10.0.0.1:7101', 'http://10.0.0.2:7101']);
    expect(provider.status().healthy).toBe(true);
    expect(logger.lines.some((l) => l.includes('answers again'))).toBe(true);
  });

  it('start() against an unreachable Consul resolves after the first failure, unhealthy and empty', async () => {
    await fake.stop();
    await build().start();
    expect(provider.getInstances('user-service')).toEqual([]);
    expect(provider.status()).toMatchObject({ healthy: false, lastError: expect.stringMatching(/ECONNREFUSED/) });
  });
});

describe('ConsulDiscoveryProvider start() bound', () => {
  let silent: Server;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    // Accepts connections and never answers: a hung Consul.
    silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    sockets.forEach((s) => s.destroy());
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  it('resolves after startTimeoutMs when Consul never answers, and stop() cancels the pending query', async () => {
    const provider = new ConsulDiscoveryProvider({
      url: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`,
      services: ['user-service'],
      startTimeoutMs: 20,
      logger: captureLogger(),
    });
    await provider.start();
    expect(provider.getInstances('user-service')).toEqual([]);
    await provider.stop();
  });
});
