import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { captureLogger, FakeConsulServer } from '../testing';
import { registerService, type ServiceRegistrationOptions } from './register-service';

describe('registerService', () => {
  let fake: FakeConsulServer;
  let logger: ReturnType<typeof captureLogger>;
  const registerRequests = () => fake.requests.filter((r) => r.path === '/v1/agent/service/register');
  const deregisterRequests = () => fake.requests.filter((r) => r.path.startsWith('/v1/agent/service/deregister/'));
  const options = (extra: Partial<ServiceRegistrationOptions> = {}): ServiceRegistrationOptions => ({
    name: 'user-service',
    port: 7101,
    version: '1.2.3',
    logger,
    backoff: { baseMs: 10, maxMs: 40 },
    ...extra,
  });

  beforeEach(async () => {
    logger = captureLogger();
    fake = new FakeConsulServer();
    await fake.start();
  });

  afterEach(() => fake.stop());

  it('with static discovery (the embedded default) sends nothing', async () => {
    const registration = await registerService(options(), { CONSUL_URL: fake.url });
    expect(registration.id).toBeNull();
    await registration.deregister();
    expect(fake.requests).toEqual([]);
  });

  it('registers <name>-<host>-<port> with address, port, /health check, tags and meta', async () => {
    const registration = await registerService(options(), { DISCOVERY: 'consul', CONSUL_URL: fake.url, HOSTNAME: 'box1' });
    expect(registration).toMatchObject({ id: 'user-service-box1-7101', registered: true });
    const stored = fake.instances.get('user-service-box1-7101');
    expect(stored).toMatchObject({
      name: 'user-service',
      address: 'box1',
      port: 7101,
      tags: ['v1'],
      meta: { version: '1.2.3' },
      check: { HTTP: 'http://box1:7101/health', Interval: '10s', Timeout: '5s', DeregisterCriticalServiceAfter: '1m' },
    });
    await registration.deregister();
  });

  it('SERVICE_ADDRESS and SERVICE_PORT override what is registered (docs/ARCHITECTURE.md "Environment")', async () => {
    const registration = await registerService(options({ port: 0 }), {
      DISCOVERY: 'consul',
      CONSUL_URL: fake.url,
      HOSTNAME: 'box1',
      SERVICE_ADDRESS: '10.1.2.3',
      SERVICE_PORT: '9000',
    });
    expect(registration.id).toBe('user-service-box1-9000');
    expect(fake.instances.get('user-service-box1-9000')).toMatchObject({ address: '10.1.2.3', port: 9000, check: { HTTP: 'http://10.1.2.3:9000/health' } });
    await registration.deregister();
  });

  it('the registered HTTP check reaches the service: Consul marks it passing', async () => {
    const service: Server = createServer((req, res) => res.writeHead(req.url === '/health' ? 200 : 404).end());
    await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
    const port = (service.address() as AddressInfo).port;
    const registration = await registerService(options({ port }), { DISCOVERY: 'consul', CONSUL_URL: fake.url, SERVICE_ADDRESS: '127.0.0.1' });
    expect(fake.instances.get(registration.id!)?.checkStatus).toBe('critical'); // Consul: critical until the first check runs
    await expect(fake.runCheck(registration.id!)).resolves.toBe('passing');
    await new Promise<void>((resolve) => service.close(() => resolve()));
    await expect(fake.runCheck(registration.id!)).resolves.toBe('critical');
    await registration.deregister();
  });

  it('deregister() is idempotent: one deregister call, later calls resolve without a request', async () => {
    const env = { DISCOVERY: 'consul', CONSUL_URL: fake.url, HOSTNAME: 'box1' };
    const registration = await registerService(options(), env);
    await Promise.all([registration.deregister(), registration.deregister()]);
    await registration.deregister();
    expect(deregisterRequests().map((r) => r.path)).toEqual(['/v1/agent/service/deregister/user-service-box1-7101']);
    expect(fake.instances.size).toBe(0);
    expect(registration.registered).toBe(false);
  });

  it('Consul down at start: resolves without throwing, logs, retries with back-off and registers once Consul is up', async () => {
    await fake.stop();
    const registration = await registerService(options(), { DISCOVERY: 'consul', CONSUL_URL: fake.url, HOSTNAME: 'box1' });
    expect(registration.registered).toBe(false);
    expect(logger.lines.find((l) => l.startsWith('warn'))).toMatch(/registering user-service-box1-7101 with Consul at .* failed \(attempt 1: .*ECONNREFUSED.*\); the service keeps serving/);
    await fake.start();
    await fake.waitFor('register', 'user-service-box1-7101');
    // deregister() waits for the attempt in flight, so the late registration is not left behind.
    await registration.deregister();
    expect(deregisterRequests()).toHaveLength(1);
    expect(fake.instances.size).toBe(0);
  });

  it('Consul answering 500 at start is retried too', async () => {
    fake.failNext(2);
    const registration = await registerService(options(), { DISCOVERY: 'consul', CONSUL_URL: fake.url, HOSTNAME: 'box1' });
    expect(registration.registered).toBe(false);
    await fake.waitFor('register', 'user-service-box1-7101');
    expect(registerRequests()).toHaveLength(3);
    await registration.deregister();
  });

  it('deregister() during retries stops them and sends no deregister for what was never registered', async () => {
    await fake.stop();
    const registration = await registerService(options({ backoff: { baseMs: 60_000, maxMs: 60_000 } }), { DISCOVERY: 'consul', CONSUL_URL: fake.url });
    await registration.deregister();
    await fake.start();
    expect(fake.requests).toEqual([]);
  });

  it('registers again when the agent lost the registration (dev agent restarted)', async () => {
    const registration = await registerService(options({ resyncIntervalMs: 10 }), { DISCOVERY: 'consul', CONSUL_URL: fake.url, HOSTNAME: 'box1' });
    await fake.waitForRequest((r) => r.path === '/v1/agent/services');
    fake.forgetEverything();
    await fake.waitFor('register', 'user-service-box1-7101');
    expect(registerRequests()).toHaveLength(2);
    expect(logger.lines.some((l) => l.startsWith('warn') && l.includes('no longer lists user-service-box1-7101'))).toBe(true);
    await registration.deregister();
    expect(fake.instances.size).toBe(0);
  });

  it('while registered and listed, the resync never registers twice', async () => {
    const registration = await registerService(options({ resyncIntervalMs: 5 }), { DISCOVERY: 'consul', CONSUL_URL: fake.url, HOSTNAME: 'box1' });
    const seen = fake.requests.length;
    await fake.waitForRequest((r) => r.path === '/v1/agent/services', seen);
    await fake.waitForRequest((r) => r.path === '/v1/agent/services', fake.requests.length);
    expect(registerRequests()).toHaveLength(1);
    await registration.deregister();
  });

  it.each([
    [{ DISCOVERY: 'etcd' }, 'DISCOVERY'],
    [{ DISCOVERY: 'consul', CONSUL_URL: 'consul:8500' }, 'CONSUL_URL'],
    [{ DISCOVERY: 'consul', SERVICE_PORT: '70000' }, 'SERVICE_PORT'],
    [{ DISCOVERY: 'consul', SERVICE_PORT: 'abc' }, 'SERVICE_PORT'],
    [{ DISCOVERY: 'consul', SERVICE_ADDRESS: 'http://10.0.0.1' }, 'SERVICE_ADDRESS'],
  ])('a config error (%j) stops start-up naming %s', async (env, field) => {
    await expect(registerService(options(), env)).rejects.toThrow(new RegExp(`^${field}: `));
  });
});
