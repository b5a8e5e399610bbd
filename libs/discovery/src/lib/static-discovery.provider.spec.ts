import { DiscoveryConfigError } from './discovery.errors';
import { StaticDiscoveryProvider } from './static-discovery.provider';

describe('StaticDiscoveryProvider', () => {
  it('resolves configured services to normalised base URLs', async () => {
    const provider = new StaticDiscoveryProvider({ 'user-service': ['http://127.0.0.1:7101/', 'HTTP://LOCALHOST:7102'] });
    await provider.start();
    expect(provider.getInstances('user-service').map((i) => i.url)).toEqual(['http://127.0.0.1:7101', 'http://localhost:7102']);
    expect(provider.getInstances('user-service').map((i) => i.id)).toEqual(['user-service#0', 'user-service#1']);
    expect(provider.knownServices()).toEqual(['user-service']);
    expect(provider.status()).toMatchObject({ provider: 'static', healthy: true });
    await provider.stop();
  });

  it('answers an unknown service with no instances', () => {
    expect(new StaticDiscoveryProvider({}).getInstances('nope')).toEqual([]);
  });

  it.each([
    [{ 'user-service': [] }, 'discovery.services.user-service'],
    [{ 'user-service': 'http://127.0.0.1:7101' }, 'discovery.services.user-service'],
    [{ 'user-service': ['127.0.0.1:7101'] }, 'discovery.services.user-service[0]'],
    [{ 'user-service': ['ftp://127.0.0.1:7101'] }, 'discovery.services.user-service[0]'],
    [{ 'user-service': ['http://127.0.0.1:7101/api'] }, 'discovery.services.user-service[0]'],
    [{ 'user-service': ['http://ok:1', 42] }, 'discovery.services.user-service[1]'],
    [null, 'discovery.services'],
  ])('rejects %j naming the field %s', (services, field) => {
    const build = () => new StaticDiscoveryProvider(services as never);
    expect(build).toThrow(DiscoveryConfigError);
    expect(build).toThrow(new RegExp(`^${field.replace(/[[\].]/g, '\\$&')}: `));
  });
});
