import { CorsPolicyBuilder } from '../policy/cors-policy.builder';
import { explainFromPolicy } from './explain-from-policy';

const WEB = 'http://localhost:7152';
const URL_ = 'http://localhost:7204/users/user/login';
const strict = new CorsPolicyBuilder('StrictMvc').withOrigins(WEB).withHeaders('Content-Type', 'Authorization').withMethods('GET', 'POST').build();
const mixed = new CorsPolicyBuilder('MixedPolicy').withOrigins(WEB).allowAnyHeader().allowAnyMethod().allowCredentials().withExposedHeaders('X-Request-Id').build();

describe('explainFromPolicy (--dry-run)', () => {
  it.each([
    ['JSON POST on StrictMvc', strict, { method: 'POST', headers: { 'Content-Type': 'application/json' } }, true, null],
    ['custom header on StrictMvc', strict, { method: 'POST', headers: { 'X-Api-Key': 'k' } }, false, 'HeaderDisallowedByPreflightResponse'],
    ['PUT on StrictMvc', strict, { method: 'PUT' }, false, 'MethodDisallowedByPreflightResponse'],
    ['other origin on StrictMvc', strict, { origin: 'http://evil.test' }, false, 'MissingAllowOriginHeader'],
    ['credentialed DELETE on MixedPolicy', mixed, { method: 'DELETE', credentials: true, headers: { 'X-A': '1' } }, true, null],
    ['credentials on StrictMvc', strict, { credentials: true }, false, 'InvalidAllowCredentials'],
    ['forbidden method', strict, { method: 'CONNECT' }, false, null],
  ])('%s', (_n, policy, extra, allowed, corsError) => {
    const r = explainFromPolicy({ url: URL_, origin: WEB, ...extra }, policy);
    expect(r.allowed).toBe(allowed);
    expect(r.failure?.corsError ?? null).toBe(corsError);
  });

  it('answers both steps with the headers the evaluator writes', () => {
    const r = explainFromPolicy({ url: URL_, origin: WEB, method: 'PUT', credentials: true }, mixed);
    expect(r.steps.map((s) => [s.kind, s.response?.status, s.response?.headers['access-control-allow-origin'], s.response?.headers['access-control-allow-methods']])).toEqual([
      ['preflight', 204, WEB, 'PUT'],
      ['actual', 200, WEB, undefined],
    ]);
    expect(r.steps[1].response?.headers['access-control-expose-headers']).toBe('X-Request-Id');
  });

  it('strict mode refuses with 403 and no CORS headers', () => {
    const r = explainFromPolicy({ url: URL_, origin: WEB, method: 'PUT' }, strict, { strictPreflight: true });
    expect(r.steps[0].response?.status).toBe(403);
    expect(r.failure?.corsError).toBe('PreflightMissingAllowOriginHeader');
  });
});
