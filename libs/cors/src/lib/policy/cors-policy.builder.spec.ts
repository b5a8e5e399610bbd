import { CorsConfigError } from './cors-config.error';
import { CorsPolicy } from './cors-policy';
import { CorsPolicyBuilder } from './cors-policy.builder';

function errorOf(fn: () => unknown): CorsConfigError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CorsConfigError) return e;
    throw e;
  }
  throw new Error('expected a CorsConfigError');
}

describe('CorsPolicyBuilder', () => {
  it('builds a frozen, normalised policy', () => {
    const p = new CorsPolicyBuilder('StrictMvc')
      .withOrigins('HTTP://LOCALHOST:7152', 'http://localhost:7152')
      .withHeaders('Content-Type', 'Authorization', 'content-type')
      .withMethods('get', 'POST')
      .withExposedHeaders('X-Request-Id')
      .setPreflightMaxAge(600)
      .build();
    expect(p).toBeInstanceOf(CorsPolicy);
    expect(p).toMatchObject({
      name: 'StrictMvc',
      allowAnyOrigin: false,
      origins: ['http://localhost:7152'],
      headers: ['Content-Type', 'Authorization'],
      methods: ['GET', 'POST'],
      exposedHeaders: ['X-Request-Id'],
      preflightMaxAge: 600,
      supportsCredentials: false,
      allowPrivateNetwork: false,
      varyByOrigin: true,
    });
    expect(Object.isFrozen(p)).toBe(true);
    expect(Object.isFrozen(p.origins)).toBe(true);
    expect(() => ((p as { name: string }).name = 'x')).toThrow(TypeError);
  });

  it.each([
    ['withOrigins("*")', (b: CorsPolicyBuilder) => b.withOrigins('*'), { allowAnyOrigin: true }],
    ['allowAnyOrigin', (b: CorsPolicyBuilder) => b.allowAnyOrigin(), { allowAnyOrigin: true, varyByOrigin: false }],
    ['withHeaders("*")', (b: CorsPolicyBuilder) => b.allowAnyOrigin().withHeaders('*'), { allowAnyHeader: true }],
    ['allowAnyHeader', (b: CorsPolicyBuilder) => b.allowAnyOrigin().allowAnyHeader(), { allowAnyHeader: true }],
    ['withMethods("*")', (b: CorsPolicyBuilder) => b.allowAnyOrigin().withMethods('*'), { allowAnyMethod: true }],
    ['allowAnyMethod', (b: CorsPolicyBuilder) => b.allowAnyOrigin().allowAnyMethod(), { allowAnyMethod: true }],
    ['allowPrivateNetwork', (b: CorsPolicyBuilder) => b.allowAnyOrigin().allowPrivateNetwork(), { allowPrivateNetwork: true }],
    ['credentials', (b: CorsPolicyBuilder) => b.withOrigins('https://a.test').allowCredentials(), { supportsCredentials: true, varyByOrigin: true }],
    ['predicate only', (b: CorsPolicyBuilder) => b.setIsOriginAllowed(() => true), { origins: [] }],
    ['wildcard', (b: CorsPolicyBuilder) => b.withOrigins('https://*.Example.com').allowWildcardSubdomains(),
      { origins: ['https://*.example.com'], allowWildcardSubdomains: true }],
    ['max-age 0', (b: CorsPolicyBuilder) => b.allowAnyOrigin().setPreflightMaxAge(0), { preflightMaxAge: 0 }],
  ])('%s', (_name, configure, expected) => {
    expect(configure(new CorsPolicyBuilder()).build()).toMatchObject(expected);
  });

  it('defaults the name', () => {
    expect(new CorsPolicyBuilder().allowAnyOrigin().build().name).toBe('unnamed');
  });

  it.each([
    ['any origin + credentials', (b: CorsPolicyBuilder) => b.allowAnyOrigin().allowCredentials(),
      'insecure-any-origin-with-credentials', 'allowCredentials', 'list the origins'],
    ['"*" + credentials', (b: CorsPolicyBuilder) => b.withOrigins('*').allowCredentials(),
      'insecure-any-origin-with-credentials', 'allowCredentials', 'list the origins'],
    ['no origin', (b: CorsPolicyBuilder) => b.withMethods('GET'), 'empty-policy', 'withOrigins', 'allows no origin'],
    ['trailing slash', (b: CorsPolicyBuilder) => b.withOrigins('https://ok.test', 'https://a.test/'),
      'origin-trailing-slash', 'withOrigins[1]', 'write "https://a.test"'],
    ['path', (b: CorsPolicyBuilder) => b.withOrigins('https://a.test/x'), 'origin-has-path', 'withOrigins[0]', 'path'],
    ['query', (b: CorsPolicyBuilder) => b.withOrigins('https://a.test?x'), 'origin-has-query', 'withOrigins[0]', 'query'],
    ['no scheme', (b: CorsPolicyBuilder) => b.withOrigins('a.test'), 'origin-missing-scheme', 'withOrigins[0]', 'https://a.test'],
    ['misplaced wildcard', (b: CorsPolicyBuilder) => b.withOrigins('https://a.*.test'), 'origin-misplaced-wildcard', 'withOrigins[0]', 'wrong place'],
    ['wildcard not enabled', (b: CorsPolicyBuilder) => b.withOrigins('https://*.a.test'),
      'wildcard-subdomains-not-enabled', 'withOrigins[0]', 'allowWildcardSubdomains()'],
    ['negative max-age', (b: CorsPolicyBuilder) => b.allowAnyOrigin().setPreflightMaxAge(-1), 'negative-max-age', 'setPreflightMaxAge', '≥ 0'],
    ['fractional max-age', (b: CorsPolicyBuilder) => b.allowAnyOrigin().setPreflightMaxAge(1.5), 'negative-max-age', 'setPreflightMaxAge', 'whole number'],
    ['bad header', (b: CorsPolicyBuilder) => b.allowAnyOrigin().withHeaders('X-Ok', 'X Bad'), 'invalid-value', 'withHeaders[1]', 'valid HTTP token'],
    ['bad method', (b: CorsPolicyBuilder) => b.allowAnyOrigin().withMethods('GE T'), 'invalid-value', 'withMethods[0]', 'valid HTTP token'],
    ['bad exposed', (b: CorsPolicyBuilder) => b.allowAnyOrigin().withExposedHeaders('a\r\nb'), 'invalid-value', 'withExposedHeaders[0]', 'valid HTTP token'],
  ])('rejects %s', (_name, configure, code, field, text) => {
    const e = errorOf(() => configure(new CorsPolicyBuilder()).build());
    expect(e).toMatchObject({ code, field, name: 'CorsConfigError' });
    expect(e.message).toContain(text);
  });
});
