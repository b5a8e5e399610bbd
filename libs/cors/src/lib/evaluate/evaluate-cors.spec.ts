import { CorsPolicyBuilder } from '../policy/cors-policy.builder';
import type { CorsRequest } from './cors-request';
import { evaluateCors } from './evaluate-cors';

const WEB = 'http://localhost:7152';
const EVIL = 'https://evil.test';

const policies = {
  AllowAll: new CorsPolicyBuilder('AllowAll').allowAnyOrigin().allowAnyHeader().allowAnyMethod().build(),
  StrictMvc: new CorsPolicyBuilder('StrictMvc').withOrigins(WEB).withHeaders('Content-Type', 'Authorization').withMethods('GET', 'POST', 'PUT').build(),
  MixedPolicy: new CorsPolicyBuilder('MixedPolicy').withOrigins(WEB).allowAnyHeader().allowAnyMethod().allowCredentials()
    .withExposedHeaders('X-Request-Id').setPreflightMaxAge(600).build(),
  Tenants: new CorsPolicyBuilder('Tenants').withOrigins('https://*.example.com').allowWildcardSubdomains()
    .withMethods('DELETE').allowCredentials().allowPrivateNetwork().build(),
  Predicate: new CorsPolicyBuilder('Predicate').setIsOriginAllowed((o) => o.endsWith('.partner.test')).withHeaders('X-Api-Key').build(),
  Bare: new CorsPolicyBuilder('Bare').withOrigins(WEB).build(),
};
type Name = keyof typeof policies;

const get = (origin?: string): CorsRequest => ({ method: 'GET', origin });
const pre = (origin: string, method: string, headers?: string, pna?: string): CorsRequest => ({
  method: 'OPTIONS', origin, accessControlRequestMethod: method, accessControlRequestHeaders: headers,
  accessControlRequestPrivateNetwork: pna,
});

describe('evaluateCors: allowed', () => {
  it.each<[string, Name, CorsRequest, string, Record<string, string>, boolean]>([
    ['no Origin is not CORS', 'StrictMvc', get(), 'none', {}, true],
    ['no Origin, any-origin policy: no Vary', 'AllowAll', get(), 'none', {}, false],
    ['bare OPTIONS is an ordinary request', 'StrictMvc', { method: 'OPTIONS', origin: WEB }, 'actual',
      { 'Access-Control-Allow-Origin': WEB }, true],
    ['actual, any origin', 'AllowAll', get(EVIL), 'actual', { 'Access-Control-Allow-Origin': '*' }, false],
    ['actual, listed origin', 'StrictMvc', get(WEB), 'actual', { 'Access-Control-Allow-Origin': WEB }, true],
    ['actual, credentials + exposed', 'MixedPolicy', get(WEB), 'actual',
      { 'Access-Control-Allow-Origin': WEB, 'Access-Control-Allow-Credentials': 'true', 'Access-Control-Expose-Headers': 'X-Request-Id' }, true],
    ['actual, wildcard subdomain', 'Tenants', get('https://a.b.example.com'), 'actual',
      { 'Access-Control-Allow-Origin': 'https://a.b.example.com', 'Access-Control-Allow-Credentials': 'true' }, true],
    ['actual, predicate', 'Predicate', get('https://x.partner.test'), 'actual', { 'Access-Control-Allow-Origin': 'https://x.partner.test' }, true],
    ['preflight, any: * methods, echoed headers', 'AllowAll', pre(EVIL, 'PATCH', 'x-api-key, authorization'), 'preflight',
      { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': '*', 'Access-Control-Allow-Headers': 'x-api-key, authorization' }, false],
    ['preflight, any, no headers requested', 'AllowAll', pre(EVIL, 'PUT'), 'preflight',
      { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': '*' }, false],
    ['preflight, lists', 'StrictMvc', pre(WEB, 'PUT', 'Content-Type,AUTHORIZATION'), 'preflight',
      { 'Access-Control-Allow-Origin': WEB, 'Access-Control-Allow-Methods': 'GET, POST, PUT', 'Access-Control-Allow-Headers': 'Content-Type, Authorization' }, true],
    ['preflight, lowercase method and safelisted header', 'StrictMvc', pre(WEB, 'put', ' accept-language ,, content-type '), 'preflight',
      { 'Access-Control-Allow-Origin': WEB, 'Access-Control-Allow-Methods': 'GET, POST, PUT', 'Access-Control-Allow-Headers': 'Content-Type, Authorization' }, true],
    ['preflight, empty requested headers', 'StrictMvc', pre(WEB, 'GET', ''), 'preflight',
      { 'Access-Control-Allow-Origin': WEB, 'Access-Control-Allow-Methods': 'GET, POST, PUT', 'Access-Control-Allow-Headers': 'Content-Type, Authorization' }, true],
    ['preflight, credentials echo method and headers, max-age', 'MixedPolicy', pre(WEB, 'DELETE', 'x-api-key'), 'preflight',
      { 'Access-Control-Allow-Origin': WEB, 'Access-Control-Allow-Credentials': 'true', 'Access-Control-Allow-Methods': 'DELETE',
        'Access-Control-Allow-Headers': 'x-api-key', 'Access-Control-Max-Age': '600' }, true],
    ['preflight, safelisted method not in list', 'Tenants', pre('https://a.example.com', 'POST'), 'preflight',
      { 'Access-Control-Allow-Origin': 'https://a.example.com', 'Access-Control-Allow-Credentials': 'true', 'Access-Control-Allow-Methods': 'DELETE' }, true],
    ['preflight, private network allowed', 'Tenants', pre('https://a.example.com', 'DELETE', undefined, 'true'), 'preflight',
      { 'Access-Control-Allow-Origin': 'https://a.example.com', 'Access-Control-Allow-Credentials': 'true', 'Access-Control-Allow-Methods': 'DELETE',
        'Access-Control-Allow-Private-Network': 'true' }, true],
    ['preflight, private network "false" is not a request', 'Tenants', pre('https://a.example.com', 'DELETE', undefined, 'false'), 'preflight',
      { 'Access-Control-Allow-Origin': 'https://a.example.com', 'Access-Control-Allow-Credentials': 'true', 'Access-Control-Allow-Methods': 'DELETE' }, true],
    ['preflight, predicate origin', 'Predicate', pre('https://x.partner.test', 'GET', 'X-API-KEY'), 'preflight',
      { 'Access-Control-Allow-Origin': 'https://x.partner.test', 'Access-Control-Allow-Headers': 'X-Api-Key' }, true],
    ['preflight, no methods/headers configured', 'Bare', pre(WEB, 'GET'), 'preflight', { 'Access-Control-Allow-Origin': WEB }, true],
  ])('%s', (_name, policy, request, kind, headers, vary) => {
    const d = evaluateCors(request, policies[policy]);
    expect(d).toMatchObject({ kind, allowed: true, rejection: null, varyOrigin: vary, status: kind === 'preflight' ? 204 : null });
    expect(Object.fromEntries(d.headers)).toEqual(headers);
  });
});

describe('evaluateCors: refused', () => {
  it.each<[string, Name, CorsRequest, string, string, Record<string, string>]>([
    ['unlisted origin, actual', 'StrictMvc', get(EVIL), 'origin-not-allowed', 'origin "https://evil.test" is not allowed by policy StrictMvc', {}],
    ['unlisted origin, preflight', 'StrictMvc', pre(EVIL, 'GET'), 'origin-not-allowed', 'not allowed by policy StrictMvc', {}],
    ['"null" origin', 'StrictMvc', get('null'), 'origin-not-allowed', '"null"', {}],
    ['bare domain vs wildcard', 'Tenants', get('https://example.com'), 'origin-not-allowed', 'https://example.com', {}],
    ['look-alike vs wildcard', 'Tenants', get('https://evil-example.com'), 'origin-not-allowed', 'evil-example', {}],
    ['other scheme vs wildcard', 'Tenants', get('http://a.example.com'), 'origin-not-allowed', 'http://a.example.com', {}],
    ['predicate says no', 'Predicate', get('https://partner.test.evil'), 'origin-not-allowed', 'partner', {}],
    ['CRLF origin never reaches the predicate', 'Predicate', get('https://a.partner.test\r\nSet-Cookie: x=1.partner.test'), 'origin-not-allowed', 'not allowed', {}],
    ['joined origins', 'Predicate', get('https://a.partner.test, https://b.partner.test'), 'origin-not-allowed', 'not allowed', {}],
    ['huge origin is truncated in the message', 'Predicate', get(`https://${'a'.repeat(3000)}.partner.test`), 'origin-not-allowed', '…', {}],
    ['method not allowed', 'StrictMvc', pre(WEB, 'DELETE'), 'method-not-allowed', 'method "DELETE" is not allowed by policy StrictMvc',
      { 'Access-Control-Allow-Origin': WEB, 'Access-Control-Allow-Methods': 'GET, POST, PUT', 'Access-Control-Allow-Headers': 'Content-Type, Authorization' }],
    ['malformed method, any-method', 'MixedPolicy', pre(WEB, 'GET\r\nX: y'), 'method-not-allowed', 'not allowed',
      { 'Access-Control-Allow-Origin': WEB, 'Access-Control-Allow-Credentials': 'true' }],
    ['malformed method, list', 'StrictMvc', pre(WEB, 'G ET'), 'method-not-allowed', 'not allowed',
      { 'Access-Control-Allow-Origin': WEB, 'Access-Control-Allow-Methods': 'GET, POST, PUT', 'Access-Control-Allow-Headers': 'Content-Type, Authorization' }],
    ['header not allowed', 'StrictMvc', pre(WEB, 'POST', 'content-type, X-Api-Key'), 'header-not-allowed',
      'request header X-Api-Key is not allowed by policy StrictMvc',
      { 'Access-Control-Allow-Origin': WEB, 'Access-Control-Allow-Methods': 'GET, POST, PUT', 'Access-Control-Allow-Headers': 'Content-Type, Authorization' }],
    ['CR/LF in requested headers is never echoed', 'MixedPolicy', pre(WEB, 'POST', 'x-a\r\nSet-Cookie: a=b'), 'malformed-request',
      'malformed', { 'Access-Control-Allow-Origin': WEB, 'Access-Control-Allow-Credentials': 'true' }],
    ['absurdly long requested headers are never echoed', 'AllowAll', pre(WEB, 'POST', 'x-a,'.repeat(1000)), 'malformed-request',
      'too long', { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': '*' }],
    ['private network not allowed', 'StrictMvc', pre(WEB, 'GET', undefined, 'true'), 'private-network-not-allowed',
      'private network access is not allowed by policy StrictMvc',
      { 'Access-Control-Allow-Origin': WEB, 'Access-Control-Allow-Methods': 'GET, POST, PUT', 'Access-Control-Allow-Headers': 'Content-Type, Authorization' }],
  ])('%s', (_name, policy, request, reason, message, headers) => {
    const d = evaluateCors(request, policies[policy]);
    const preflight = request.accessControlRequestMethod !== undefined;
    expect(d).toMatchObject({ allowed: false, kind: preflight ? 'preflight' : 'actual', status: preflight ? 204 : null });
    expect(d.rejection?.reason).toBe(reason);
    expect(d.rejection?.message).toContain(message);
    expect(Object.fromEntries(d.headers)).toEqual(headers);
  });

  it.each<[string, Name, CorsRequest, string]>([
    ['origin', 'StrictMvc', pre(EVIL, 'GET'), 'origin-not-allowed'],
    ['method', 'StrictMvc', pre(WEB, 'DELETE'), 'method-not-allowed'],
    ['header', 'StrictMvc', pre(WEB, 'GET', 'x-api-key'), 'header-not-allowed'],
  ])('strict preflight: refused %s → 403 without CORS headers', (_name, policy, request, reason) => {
    const d = evaluateCors(request, policies[policy], { strictPreflight: true });
    expect(d).toMatchObject({ kind: 'preflight', allowed: false, status: 403, headers: [], varyOrigin: true });
    expect(d.rejection?.reason).toBe(reason);
  });

  it('strict mode does not touch allowed preflights or actual requests', () => {
    expect(evaluateCors(pre(WEB, 'GET'), policies.StrictMvc, { strictPreflight: true }).status).toBe(204);
    expect(evaluateCors(get(EVIL), policies.StrictMvc, { strictPreflight: true })).toMatchObject({ status: null, headers: [] });
  });

  it('the one-entry memo of passed checks never lets a refused pair through', () => {
    const p = new CorsPolicyBuilder('Memo').withOrigins(WEB).withHeaders('X-A').withMethods('PUT').build();
    const ask = (method: string, headers?: string) => evaluateCors(pre(WEB, method, headers), p).rejection?.reason ?? 'ok';
    expect([ask('PUT', 'x-a'), ask('PUT', 'x-a'), ask('PUT', 'x-b'), ask('PUT', 'x-a'), ask('DELETE', 'x-a'), ask('PUT'), ask('PUT', 'x-b')])
      .toEqual(['ok', 'ok', 'header-not-allowed', 'ok', 'method-not-allowed', 'ok', 'header-not-allowed']);
  });

  it('formats a refusal message lazily and serialises it', () => {
    const r = evaluateCors(get(EVIL), policies.StrictMvc).rejection;
    expect(JSON.parse(JSON.stringify(r))).toEqual({ reason: 'origin-not-allowed', message: 'origin "https://evil.test" is not allowed by policy StrictMvc' });
  });

  it('answers a listed origin from precompiled, frozen decisions', () => {
    const a = evaluateCors(get(WEB), policies.StrictMvc);
    expect(evaluateCors(get(WEB), policies.StrictMvc)).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(evaluateCors(pre(WEB, 'GET', 'content-type'), policies.StrictMvc)).toBe(evaluateCors(pre(WEB, 'POST'), policies.StrictMvc));
  });
});
