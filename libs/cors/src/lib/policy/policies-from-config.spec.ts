import { CorsConfigError } from './cors-config.error';
import { policiesFromConfig } from './policies-from-config';

const DESIGN = {
  defaultPolicy: 'AllowAll',
  policies: {
    AllowAll: { origins: ['*'], headers: ['*'], methods: ['*'] },
    StrictMvc: { origins: ['http://localhost:7152'], headers: ['Content-Type', 'Authorization'], methods: ['GET', 'POST'] },
    MixedPolicy: {
      origins: ['http://localhost:7152'], headers: ['*'], methods: ['*'],
      credentials: true, exposedHeaders: ['X-Request-Id'], maxAgeSeconds: 600,
    },
    Tenants: { origins: ['https://*.example.com'], privateNetwork: true, maxAgeSeconds: null },
  },
};

describe('policiesFromConfig', () => {
  it('reads the docs/ARCHITECTURE.md cors section', () => {
    const set = policiesFromConfig(DESIGN);
    expect(set.defaultPolicy).toBe('AllowAll');
    expect([...set.policies.keys()]).toEqual(['AllowAll', 'StrictMvc', 'MixedPolicy', 'Tenants']);
    expect(set.policies.get('AllowAll')).toMatchObject({ name: 'AllowAll', allowAnyOrigin: true, allowAnyHeader: true, allowAnyMethod: true });
    expect(set.policies.get('StrictMvc')).toMatchObject({ origins: ['http://localhost:7152'], methods: ['GET', 'POST'] });
    expect(set.policies.get('MixedPolicy')).toMatchObject({ supportsCredentials: true, preflightMaxAge: 600, exposedHeaders: ['X-Request-Id'] });
    expect(set.policies.get('Tenants')).toMatchObject({ origins: ['https://*.example.com'], allowPrivateNetwork: true, preflightMaxAge: null });
  });

  it.each([
    [{ policies: {} }, null],
    [{ policies: {}, defaultPolicy: null }, null],
    [{}, null],
  ])('no default policy: %j', (json, def) => {
    expect(policiesFromConfig(json).defaultPolicy).toBe(def);
  });

  it.each([
    [null, 'invalid-value', 'cors'],
    [[], 'invalid-value', 'cors'],
    [{ policy: {} }, 'unknown-field', 'cors.policy'],
    [{ policies: [] }, 'invalid-value', 'cors.policies'],
    [{ policies: { A: 'x' } }, 'invalid-value', 'cors.policies.A'],
    [{ policies: { A: { origins: ['*'], origin: 'x' } } }, 'unknown-field', 'cors.policies.A.origin'],
    [{ policies: { A: {} } }, 'empty-policy', 'cors.policies.A.origins'],
    [{ policies: { A: { origins: 'https://a.test' } } }, 'invalid-value', 'cors.policies.A.origins'],
    [{ policies: { A: { origins: [1] } } }, 'invalid-value', 'cors.policies.A.origins[0]'],
    [{ policies: { A: { origins: ['https://a.test', 'https://b.test/'] } } }, 'origin-trailing-slash', 'cors.policies.A.origins[1]'],
    [{ policies: { A: { origins: ['b.test'] } } }, 'origin-missing-scheme', 'cors.policies.A.origins[0]'],
    [{ policies: { A: { origins: ['*'], credentials: true } } }, 'insecure-any-origin-with-credentials', 'cors.policies.A.credentials'],
    [{ policies: { A: { origins: ['*'], credentials: 'yes' } } }, 'invalid-value', 'cors.policies.A.credentials'],
    [{ policies: { A: { origins: ['*'], privateNetwork: 1 } } }, 'invalid-value', 'cors.policies.A.privateNetwork'],
    [{ policies: { A: { origins: ['*'], maxAgeSeconds: -5 } } }, 'negative-max-age', 'cors.policies.A.maxAgeSeconds'],
    [{ policies: { A: { origins: ['*'], maxAgeSeconds: '600' } } }, 'invalid-value', 'cors.policies.A.maxAgeSeconds'],
    [{ policies: { A: { origins: ['*'], headers: ['X Y'] } } }, 'invalid-value', 'cors.policies.A.headers[0]'],
    [{ policies: { A: { origins: ['*'], methods: ['G T'] } } }, 'invalid-value', 'cors.policies.A.methods[0]'],
    [{ policies: { A: { origins: ['*'], exposedHeaders: ['a b'] } } }, 'invalid-value', 'cors.policies.A.exposedHeaders[0]'],
    [{ policies: { A: { origins: ['*'] } }, defaultPolicy: 'Nope' }, 'unknown-policy', 'cors.defaultPolicy'],
    [{ policies: {}, defaultPolicy: 'Nope' }, 'unknown-policy', 'cors.defaultPolicy'],
    [{ policies: {}, defaultPolicy: 3 }, 'invalid-value', 'cors.defaultPolicy'],
  ])('rejects %j (%s at %s)', (json, code, field) => {
    let error: unknown;
    try {
      policiesFromConfig(json);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CorsConfigError);
    expect(error).toMatchObject({ code, field });
    expect((error as Error).message.startsWith(`${field}: `)).toBe(true);
  });

  it('names the known policies for an unknown default', () => {
    expect(() => policiesFromConfig({ policies: { A: { origins: ['*'] } }, defaultPolicy: 'B' }, 'gateway.cors')).toThrow(
      'gateway.cors.defaultPolicy: unknown CORS policy "B"; defined policies: A',
    );
    expect(() => policiesFromConfig({ defaultPolicy: 'B' })).toThrow('defined policies: (none)');
  });
});
