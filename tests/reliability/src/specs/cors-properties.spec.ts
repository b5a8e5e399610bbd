import { applyCorsDecision, type CorsDecision, type CorsPolicy, CorsPolicyBuilder, type CorsRequest, evaluateCors } from '@corsway/cors';
import fc from 'fast-check';

/**
 * Hostile input, CORS: properties of the evaluator over generated
 * policies and requests. Each property is one rule a browser's security
 * depends on (Fetch §3.2, RFC 9110 §12.5.5); fast-check shrinks any
 * counter-example to the smallest origin/policy that breaks it.
 */

const RUNS = { numRuns: 400 };
const ACAO = 'access-control-allow-origin';
const ACAC = 'access-control-allow-credentials';

// ---- generators -----------------------------------------------------------

// Hyphens in positions 3-4 are reserved (RFC 5891 §4.2.3.1: `xn--` is punycode), so URL rejects e.g. xn--0.
const label = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/).filter((l) => l.slice(2, 4) !== '--');
const host = fc.tuple(fc.array(label, { minLength: 1, maxLength: 3 }), fc.constantFrom('com', 'org', 'test', 'io')).map(([ls, tld]) => [...ls, tld].join('.'));
const port = fc.option(fc.integer({ min: 1, max: 65535 }).filter((p) => p !== 80 && p !== 443), { nil: undefined });
const scheme = fc.constantFrom('http', 'https');
/** A well-formed, normalised origin as browsers serialise it. */
const origin = fc.tuple(scheme, host, port).map(([s, h, p]) => `${s}://${h}${p === undefined ? '' : `:${p}`}`);

interface PolicyShape {
  origins: string[];
  credentials: boolean;
  anyHeader: boolean;
  anyMethod: boolean;
  exposed: boolean;
}
const policyShape: fc.Arbitrary<PolicyShape> = fc.record({
  origins: fc.uniqueArray(origin, { minLength: 1, maxLength: 4 }),
  credentials: fc.boolean(),
  anyHeader: fc.boolean(),
  anyMethod: fc.boolean(),
  exposed: fc.boolean(),
});

function build(shape: PolicyShape): CorsPolicy {
  const b = new CorsPolicyBuilder('Generated').withOrigins(...shape.origins);
  if (shape.credentials) b.allowCredentials();
  if (shape.anyHeader) b.allowAnyHeader();
  else b.withHeaders('Content-Type', 'Authorization');
  if (shape.anyMethod) b.allowAnyMethod();
  else b.withMethods('GET', 'POST', 'PUT');
  if (shape.exposed) b.withExposedHeaders('X-Request-Id');
  return b.build();
}

/** Any request shape a client can send: simple, preflight, with or without headers. */
function requestArb(originArb: fc.Arbitrary<string | undefined>): fc.Arbitrary<CorsRequest> {
  return fc.record({
    method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'),
    origin: originArb,
    accessControlRequestMethod: fc.option(fc.constantFrom('GET', 'POST', 'DELETE', 'PATCH', 'X-Custom'), { nil: undefined }),
    accessControlRequestHeaders: fc.option(fc.constantFrom('content-type', 'authorization, x-api-key', 'x-evil'), { nil: undefined }),
  });
}

/** Origins an attacker would register to imitate `o` (scheme://host[:port]). */
function lookAlikes(o: string): string[] {
  const u = new URL(o);
  const h = u.hostname;
  const p = u.port ? `:${u.port}` : '';
  const s = u.protocol; // 'https:'
  const other = s === 'https:' ? 'http:' : 'https:';
  const bare = h.split('.').slice(-2).join('.');
  return [
    `${s}//evil-${h}${p}`,
    `${s}//evil${h}${p}`,
    `${s}//${h}.evil.com${p}`,
    `${s}//${h}${p}.evil.com`,
    `${s}//x.${h}${p}`,
    `${s}//${h.replace(/\.[^.]+$/, '')}${p}`, // TLD dropped
    `${s}//${bare}evil.com${p}`,
    `${s}//${h.toUpperCase()}${p}`,
    `${s.toUpperCase()}//${h}${p}`,
    `${s}//${h}.${p}`, // trailing dot (a different origin to the browser)
    `${s}//user@${h}${p}`,
    `${s}//${h}@evil.com${p}`,
    `${s}//evil.com#${h}`,
    `${s}//evil.com?${h}`,
    `${other}//${h}${p}`,
    `${s}//${h}:${u.port === '8443' ? '8444' : '8443'}`,
    `${s}//${h}${p}0`,
    `${s}//${h}:0`,
    `${s}//${h}${p}/`,
    `${s}//${h}${p}/path`,
    ` ${o}`,
    `${o} `,
    `${o}\t`,
    `${o}, https://evil.com`,
    `https://evil.com, ${o}`,
    `${o}\r\nX-Injected: 1`,
    `${o}%0d%0aX-Injected: 1`,
    'null',
    'NULL',
    '*',
    '',
    `${s}//${h.replace(/o/g, '0')}${p}`,
    `${s}//${h.replace(/a/g, 'а')}${p}`, // Cyrillic а
  ].filter((x) => x !== o);
}

function headerMap(decision: CorsDecision): Map<string, string> {
  return new Map(decision.headers.map(([k, v]) => [k.toLowerCase(), v]));
}

function accessControlHeaders(decision: CorsDecision): string[] {
  return decision.headers.map(([k]) => k.toLowerCase()).filter((k) => k.startsWith('access-control-'));
}

/** A response-like sink that records what applyCorsDecision writes (both sink styles). */
function recordingSink(style: 'node' | 'fastify', vary?: string) {
  const headers = new Map<string, string>();
  if (vary !== undefined) headers.set('vary', vary);
  const set = (name: string, value: string) => void headers.set(name.toLowerCase(), value);
  const getHeader = (name: string) => headers.get(name.toLowerCase());
  return { headers, sink: style === 'node' ? { setHeader: set, getHeader } : { header: set, getHeader } };
}

// ---- properties -----------------------------------------------------------

describe('CORS evaluator under generated hostile input', () => {
  it('never gives Access-Control-* to an origin the policy does not list', () => {
    fc.assert(
      fc.property(policyShape, requestArb(origin), (shape, request) => {
        fc.pre(request.origin !== undefined && !shape.origins.includes(request.origin));
        const d = evaluateCors(request, build(shape));
        expect(d.allowed).toBe(false);
        expect(accessControlHeaders(d)).toEqual([]);
      }),
      RUNS,
    );
  });

  it('echoes exactly the listed origin, never another string, for an origin it lists', () => {
    fc.assert(
      fc.property(policyShape, fc.nat(), requestArb(fc.constant(undefined)), (shape, i, base) => {
        const o = shape.origins[i % shape.origins.length];
        const d = evaluateCors({ ...base, origin: o }, build(shape));
        const acao = headerMap(d).get(ACAO);
        if (acao !== undefined) expect(acao).toBe(o);
      }),
      RUNS,
    );
  });

  it('never sends credentials together with Access-Control-Allow-Origin: * (Fetch §3.2.5)', () => {
    const anyPolicy = fc.record({ credentials: fc.constant(false), anyHeader: fc.boolean(), anyMethod: fc.boolean() }).map((s) => {
      const b = new CorsPolicyBuilder('Any').allowAnyOrigin();
      if (s.anyHeader) b.allowAnyHeader();
      if (s.anyMethod) b.allowAnyMethod();
      return b.build();
    });
    const policies = fc.oneof(policyShape.map(build), anyPolicy);
    fc.assert(
      fc.property(policies, requestArb(fc.option(fc.oneof(origin, fc.string()), { nil: undefined })), (policy, request) => {
        const h = headerMap(evaluateCors(request, policy));
        if (h.get(ACAO) === '*') expect(h.has(ACAC)).toBe(false);
        if (h.get(ACAC) === 'true') expect(h.get(ACAO)).not.toBe('*');
        // And */credentials is refused when the policy is built, not discovered per request.
      }),
      RUNS,
    );
    expect(() => new CorsPolicyBuilder('Bad').allowAnyOrigin().allowCredentials().build()).toThrow(/credentials/i);
  });

  it('marks Vary: Origin on every answer that depends on the origin, and appends it to an existing Vary', () => {
    fc.assert(
      fc.property(
        policyShape,
        requestArb(fc.option(fc.oneof(origin, fc.string({ maxLength: 40 })), { nil: undefined })),
        fc.constantFrom(undefined, 'Accept-Encoding', 'Accept-Encoding, Cookie'),
        fc.constantFrom<'node' | 'fastify'>('node', 'fastify'),
        (shape, request, existingVary, style) => {
          const d = evaluateCors(request, build(shape));
          // A listed-origins policy answers differently per origin, so every answer (allowed,
          // refused, or not CORS at all) must carry Vary: Origin, or a cache serves one origin's answer to another.
          expect(d.varyOrigin).toBe(true);
          const { headers, sink } = recordingSink(style, existingVary);
          applyCorsDecision(d, sink);
          const vary = (headers.get('vary') ?? '').split(',').map((v) => v.trim());
          expect(vary).toContain('Origin');
          for (const kept of (existingVary ?? '').split(',').map((v) => v.trim()).filter(Boolean)) expect(vary).toContain(kept);
          expect(vary.filter((v) => v.toLowerCase() === 'origin')).toHaveLength(1);
        },
      ),
      RUNS,
    );
  });

  it('does not vary by origin only when the answer is the same for everyone (any origin, no credentials)', () => {
    const policy = new CorsPolicyBuilder('Any').allowAnyOrigin().allowAnyHeader().allowAnyMethod().build();
    fc.assert(
      fc.property(requestArb(fc.option(fc.oneof(origin, fc.string()), { nil: undefined })), (request) => {
        const d = evaluateCors(request, policy);
        const acao = headerMap(d).get(ACAO);
        if (acao !== undefined) {
          expect(acao).toBe('*');
          expect(d.varyOrigin).toBe(false);
        }
      }),
      RUNS,
    );
  });

  it('never lets a look-alike origin match the origin it imitates (exact lists)', () => {
    fc.assert(
      fc.property(policyShape, requestArb(fc.constant(undefined)), (shape, base) => {
        const policy = build(shape);
        for (const target of shape.origins) {
          for (const fake of lookAlikes(target)) {
            if (shape.origins.includes(fake)) continue;
            const d = evaluateCors({ ...base, origin: fake }, policy);
            expect({ fake, allowed: d.allowed, headers: accessControlHeaders(d) }).toEqual({ fake, allowed: false, headers: [] });
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it.each([
    'https://evil-example.com',
    'https://evilexample.com',
    'https://example.com',
    'https://example.com.evil.com',
    'https://a.example.com.evil.com',
    'https://a.example.com.',
    'https://A.EXAMPLE.COM',
    'HTTPS://a.example.com',
    'http://a.example.com',
    'https://a.example.com:8443',
    'https://a.example.com:443',
    'https://user@a.example.com',
    'https://a.example.com@evil.com',
    'https://.example.com',
    'https://a..example.com',
    'https://a_b.example.com',
    'https://a.example.com/',
    'https://a.example.com\r\nSet-Cookie: x=1',
    'https://a.example.com, https://evil.com',
    'null',
  ])('never lets %j match the subdomain pattern https://*.example.com', (fake) => {
    const policy = new CorsPolicyBuilder('Wild').allowWildcardSubdomains().withOrigins('https://*.example.com').allowCredentials().build();
    expect(evaluateCors({ method: 'GET', origin: 'https://app.example.com' }, policy).allowed).toBe(true); // the pattern works
    const d = evaluateCors({ method: 'GET', origin: fake }, policy);
    expect(d.allowed).toBe(false);
    expect(accessControlHeaders(d)).toEqual([]);
  });

  describe('CRLF and oversize values are never reflected', () => {
    const control = fc.constantFrom('\r', '\n', '\r\n', '\0', '\u0085', '\u2028', '\x7f');
    const near = fc.oneof(origin, fc.constantFrom('https://app.example.com', 'http://a.b.example.com'));
    const injected = fc.tuple(near, control, fc.string({ maxLength: 30 })).map(([o, c, tail]) => `${o}${c}${tail}`);
    const oversize = fc.tuple(near, fc.integer({ min: 2049, max: 20_000 })).map(([o, n]) => `${o}${'a'.repeat(n - o.length)}`).map((o) => o.replace(/^(https?:\/\/)/, `$1${'x.'.repeat(1100)}`));
    // Policies that reflect the request's own text: a predicate that accepts everything,
    // subdomain wildcards, any-header (echoes Access-Control-Request-Headers) and
    // any-method with credentials (echoes Access-Control-Request-Method).
    const reflecting = [
      new CorsPolicyBuilder('Predicate').setIsOriginAllowed(() => true).allowAnyHeader().allowAnyMethod().allowCredentials().build(),
      new CorsPolicyBuilder('Wild').allowWildcardSubdomains().withOrigins('https://*.example.com', 'http://*.example.com').allowAnyHeader().allowAnyMethod().allowCredentials().build(),
      new CorsPolicyBuilder('Any').allowAnyOrigin().allowAnyHeader().allowAnyMethod().build(),
    ];

    function assertSafe(d: CorsDecision, hostile: string): void {
      for (const [name, value] of d.headers) {
        expect(`${name}: ${value}`).not.toMatch(/[\r\n\0\u0085\u2028\x7f]/);
        expect(value.length).toBeLessThanOrEqual(2048 + 64);
        expect(value).not.toBe(hostile);
      }
    }

    it.each(reflecting.map((p) => [p.name, p] as const))('origin with control characters or > 2 KiB, policy %s', (_name, policy) => {
      fc.assert(
        fc.property(fc.oneof(injected, oversize), requestArb(fc.constant(undefined)), (hostile, base) => {
          assertSafe(evaluateCors({ ...base, origin: hostile }, policy), hostile);
        }),
        RUNS,
      );
    });

    it.each(reflecting.map((p) => [p.name, p] as const))('preflight request method/headers with CRLF or > 2 KiB, policy %s', (_name, policy) => {
      const hostileToken = fc.oneof(
        fc.tuple(fc.constantFrom('content-type', 'PUT', 'x-a'), control, fc.string({ maxLength: 20 })).map(([a, c, b]) => `${a}${c}${b}`),
        fc.integer({ min: 2049, max: 10_000 }).map((n) => `x-${'h'.repeat(n)}`),
        fc.integer({ min: 300, max: 2_000 }).map((n) => Array.from({ length: n }, (_, i) => `x-h${i}`).join(', ')),
      );
      fc.assert(
        fc.property(fc.constantFrom('https://app.example.com', 'http://a.b.example.com'), hostileToken, fc.boolean(), (o, hostile, asMethod) => {
          const request: CorsRequest = asMethod
            ? { method: 'OPTIONS', origin: o, accessControlRequestMethod: hostile }
            : { method: 'OPTIONS', origin: o, accessControlRequestMethod: 'PUT', accessControlRequestHeaders: hostile };
          const d = evaluateCors(request, policy);
          assertSafe(d, hostile);
          if (/[\r\n\0]/.test(hostile) || hostile.length > 2048) {
            for (const [, value] of d.headers) expect(value.includes(hostile)).toBe(false);
          }
        }),
        RUNS,
      );
    });
  });
});
