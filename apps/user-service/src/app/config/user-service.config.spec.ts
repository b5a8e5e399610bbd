import { join, resolve } from 'node:path';
import { ConfigError } from './config.error';
import { loadConfig } from './user-service.config';

describe('loadConfig', () => {
  it('defaults: ./data, a SQLite file in it, 15 min access tokens, loopback proxies, 64 KiB bodies, demo user', () => {
    const c = loadConfig({});
    expect(c.dataDir).toBe(resolve('./data'));
    expect(c.databaseUrl).toBe(`sqlite:${join(resolve('./data'), 'users.db')}`);
    expect(c.accessTokenTtlSeconds).toBe(900);
    expect(c.trustedProxies).toEqual(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
    expect(c.bodyLimitBytes).toBe(65536);
    expect(c.seedDemoUser).toBe(true);
  });

  it.each([
    [{ DATABASE_URL: 'postgres://u@h:5432/db' }, 'postgres://u@h:5432/db'],
    [{ DATABASE_URL: 'postgresql://u@h/db' }, 'postgresql://u@h/db'],
    [{ DATABASE_URL: 'sqlite:/tmp/x.db' }, 'sqlite:/tmp/x.db'],
    [{ DATA_DIR: '/srv/us' }, 'sqlite:/srv/us/users.db'],
  ])('DATABASE_URL from %j', (env, url) => {
    expect(loadConfig(env).databaseUrl).toBe(url);
  });

  it('does not seed the demo user in production', () => {
    expect(loadConfig({ NODE_ENV: 'production', JWT_PRIVATE_KEY: 'a key' }).seedDemoUser).toBe(false);
  });

  it('refuses to start in production without a configured signing key, naming JWT_PRIVATE_KEY', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /^Invalid configuration JWT_PRIVATE_KEY: is required when NODE_ENV=production/,
    );
    expect(loadConfig({ NODE_ENV: 'development' }).keys.privateKey).toBeUndefined();
  });

  it.each([
    [{}, true],
    [{ NODE_ENV: 'production', JWT_PRIVATE_KEY: 'k' }, false],
    [{ NODE_ENV: 'production', JWT_PRIVATE_KEY: 'k', SWAGGER: 'true' }, true],
    [{ SWAGGER: 'false' }, false],
  ])('SWAGGER with %j -> %p (on in development, off in production)', (env, on) => {
    expect(loadConfig(env).swagger).toBe(on);
  });

  it('defaults: refresh cookie path /users/user, no Redis, a bounded hash queue, 2 s leeway, depth 32', () => {
    const c = loadConfig({});
    expect(c.refreshCookiePath).toBe('/users/user');
    expect(c.redisUrl).toBeUndefined();
    expect(c.hashQueueLimit).toBe(100);
    expect(c.refreshLeewayMs).toBe(2000);
    expect(c.maxJsonDepth).toBe(32);
    expect(c.maxJsonValues).toBe(64);
    expect(loadConfig({ REFRESH_COOKIE_PATH: '/api/user', REDIS_URL: 'redis://r:6379' })).toMatchObject({
      refreshCookiePath: '/api/user',
      redisUrl: 'redis://r:6379',
    });
  });

  it('reads TRUSTED_PROXIES as a list ("" = trust nobody)', () => {
    expect(loadConfig({ TRUSTED_PROXIES: '10.0.0.0/8, 127.0.0.1' }).trustedProxies).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
    ]);
    expect(loadConfig({ TRUSTED_PROXIES: '' }).trustedProxies).toEqual([]);
  });

  it.each([
    ['DATABASE_URL', { DATABASE_URL: 'mysql://x' }],
    ['DATABASE_URL', { DATABASE_URL: 'sqlite:' }],
    ['ACCESS_TOKEN_TTL_SECONDS', { ACCESS_TOKEN_TTL_SECONDS: '15m' }],
    ['THROTTLE_IP_LIMIT', { THROTTLE_IP_LIMIT: '-1' }],
    ['JWT_NEXT_KEY_NOT_BEFORE', { JWT_NEXT_KEY_NOT_BEFORE: 'tomorrow' }],
    ['REFRESH_COOKIE_PATH', { REFRESH_COOKIE_PATH: 'users' }],
    ['REFRESH_COOKIE_PATH', { REFRESH_COOKIE_PATH: '/a; Domain=evil' }],
    ['SWAGGER', { SWAGGER: 'yes' }],
    ['HASH_QUEUE_LIMIT', { HASH_QUEUE_LIMIT: '0' }],
  ])('a bad %s stops start-up naming it', (field, env) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(field);
  });
});
