import { captureLogger, FakeConsulServer } from '../testing';
import { ConsulDiscoveryProvider } from './consul/consul-discovery.provider';
import { createDiscoveryProvider } from './create-discovery-provider';
import { StaticDiscoveryProvider } from './static-discovery.provider';

describe('createDiscoveryProvider', () => {
  const fileConfig = { provider: 'static' as const, services: { 'user-service': ['http://127.0.0.1:7101'] } };

  it('defaults to static discovery: no Consul needed', () => {
    expect(createDiscoveryProvider(fileConfig, {})).toBeInstanceOf(StaticDiscoveryProvider);
    expect(createDiscoveryProvider({}, {})).toBeInstanceOf(StaticDiscoveryProvider);
  });

  it('DISCOVERY=consul wins over the file and watches the services the file names; CONSUL_URL wins over discovery.consul.url', async () => {
    const fake = new FakeConsulServer();
    await fake.start();
    fake.addInstance({ id: 'us-1', name: 'user-service', address: '10.0.0.1', port: 7101 });
    const provider = createDiscoveryProvider(
      { ...fileConfig, consul: { url: 'http://127.0.0.1:1' } },
      { DISCOVERY: 'consul', CONSUL_URL: fake.url },
      { logger: captureLogger() },
    ) as ConsulDiscoveryProvider;
    expect(provider).toBeInstanceOf(ConsulDiscoveryProvider);
    await provider.start();
    expect(provider.getInstances('user-service').map((i) => i.url)).toEqual(['http://10.0.0.1:7101']);
    expect(provider.status()).toMatchObject({ provider: 'consul', healthy: true });
    await provider.stop();
    await fake.stop();
  });

  it('the optional watch() of the interface: absent on static, starts a Consul watch', async () => {
    expect(createDiscoveryProvider(fileConfig, {}).watch).toBeUndefined();
    const fake = new FakeConsulServer();
    await fake.start();
    fake.addInstance({ id: 'o-1', name: 'orders', address: '10.0.0.7', port: 8000 });
    const provider = createDiscoveryProvider({ provider: 'consul', consul: { url: fake.url } }, {}, { logger: captureLogger() });
    await provider.start();
    await provider.watch?.('orders');
    expect(provider.getInstances('orders').map((i) => i.url)).toEqual(['http://10.0.0.7:8000']);
    await provider.stop();
    await fake.stop();
  });

  it('provider "consul" in the file with discovery.watch', async () => {
    const fake = new FakeConsulServer();
    await fake.start();
    const provider = createDiscoveryProvider({ provider: 'consul', consul: { url: fake.url }, watch: ['orders'] }, {}, { logger: captureLogger() }) as ConsulDiscoveryProvider;
    await provider.start();
    expect(provider.watchedServices()).toEqual(['orders']);
    expect(fake.requests[0].path).toBe('/v1/health/service/orders');
    await provider.stop();
    await fake.stop();
  });

  it.each([
    [{ provider: 'zookeeper' }, {}, 'discovery.provider'],
    [{}, { DISCOVERY: 'etcd' }, 'DISCOVERY'],
    [{ provider: 'consul', consul: { url: 'localhost:8500' } }, {}, 'discovery.consul.url'],
    [{ provider: 'consul', consul: 'http://x' }, {}, 'discovery.consul'],
    [{}, { DISCOVERY: 'consul', CONSUL_URL: 'ftp://x' }, 'CONSUL_URL'],
    [{ provider: 'consul', watch: 'user-service' }, {}, 'discovery.watch'],
    [{ provider: 'consul', watch: ['ok', 'bad name'] }, {}, 'discovery.watch[1]'],
    [{ provider: 'consul', consul: { wait: 'soon' } }, {}, 'discovery.consul.wait'],
  ])('rejects %j with env %j naming %s', (options, env, field) => {
    expect(() => createDiscoveryProvider(options as never, env)).toThrow(new RegExp(`^${field.replace(/[[\].]/g, '\\$&')}: `));
  });
});
