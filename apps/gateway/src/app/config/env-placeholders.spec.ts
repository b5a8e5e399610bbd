import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGatewayApp } from '../create-gateway-app';
import { resolveEnvPlaceholders } from './env-placeholders';
import { loadGatewayConfig } from './gateway-config.loader';

const assets = join(__dirname, '..', '..', 'assets');

describe('environment placeholders in the gateway config', () => {
  it.each<[string, unknown, Record<string, string>, unknown]>([
    ['a whole string', '${WEB_ORIGIN}', { WEB_ORIGIN: 'https://app.example' }, 'https://app.example'],
    ['inside a string', 'http://127.0.0.1:${PORT_A}/x', { PORT_A: '9000' }, 'http://127.0.0.1:9000/x'],
    ['the fallback when unset', '${WEB_ORIGIN:-http://localhost:7152}', {}, 'http://localhost:7152'],
    ['the fallback when empty', '${WEB_ORIGIN:-http://localhost:7152}', { WEB_ORIGIN: ' ' }, 'http://localhost:7152'],
    ['the variable over the fallback, trimmed', '${WEB_ORIGIN:-http://localhost:7152}', { WEB_ORIGIN: ' https://localhost:7152 ' }, 'https://localhost:7152'],
    ['arrays and nested objects', { a: ['${X}', 1, true, null], b: { c: '${X}' } }, { X: 'x' }, { a: ['x', 1, true, null], b: { c: 'x' } }],
    ['a lone $ or braces untouched', 'cost $5 {a} ${ }', {}, 'cost $5 {a} ${ }'],
    ['no recursion into a value', '${X}', { X: '${Y}' }, '${Y}'],
  ])('replaces %s', (_case, raw, env, expected) => {
    expect(resolveEnvPlaceholders(raw, env)).toEqual(expected);
  });

  it('refuses an unset variable without a fallback, naming it and the field', () => {
    expect(() => resolveEnvPlaceholders({ cors: { policies: { P: { origins: ['${MY_ORIGIN}'] } } } }, {})).toThrow(
      expect.objectContaining({ name: 'GatewayConfigError', field: 'cors.policies.P.origins[0]', message: expect.stringContaining('environment variable MY_ORIGIN is not set') }),
    );
  });

  it('the shipped configs follow WEB_ORIGIN and USER_SERVICE_URL, and default to the seed\'s ports', () => {
    const defaults = loadGatewayConfig(join(assets, 'gateway.config.json'), {});
    expect(defaults.cors.policies.get('MixedPolicy')?.origins).toEqual(['http://localhost:7152']);
    expect(defaults.discovery.getInstances('user-service').map((i) => i.url)).toEqual(['http://127.0.0.1:7101']);

    const env = { WEB_ORIGIN: 'https://localhost:7152', USER_SERVICE_URL: 'https://127.0.0.1:7101' } as Record<string, string>;
    const https = loadGatewayConfig(join(assets, 'gateway.config.json'), env);
    expect(https.cors.policies.get('MixedPolicy')?.origins).toEqual(['https://localhost:7152']);
    expect(https.cors.policies.get('StrictMvc')?.origins).toEqual(['https://localhost:7152']);
    expect(https.discovery.getInstances('user-service').map((i) => i.url)).toEqual(['https://127.0.0.1:7101']);

    const off = loadGatewayConfig(join(assets, 'gateway.cors-off.config.json'), env);
    expect(off.cors.defaultPolicy).toBeNull();
    expect(off.cors.policies.size).toBe(0);
    expect(off.config.routes.map((r) => r.upstream)).toEqual(https.config.routes.map((r) => r.upstream));
  });

  it('stops createGatewayApp at start-up when the file uses an unset variable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-placeholders-'));
    try {
      const file = join(dir, 'gateway.json');
      writeFileSync(
        file,
        JSON.stringify({
          routes: [{ upstream: '/a', downstream: '/a', service: 'a' }],
          discovery: { provider: 'static', services: { a: ['${A_SERVICE_URL}'] } },
        }),
      );
      await expect(createGatewayApp({ configPath: file, env: {}, watchConfig: false })).rejects.toMatchObject({
        name: 'GatewayConfigError',
        field: 'discovery.services.a[0]',
        message: expect.stringContaining('A_SERVICE_URL'),
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
