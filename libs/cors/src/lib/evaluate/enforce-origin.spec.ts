import { CorsConfigError } from '../policy/cors-config.error';
import { CorsPolicyBuilder } from '../policy/cors-policy.builder';
import { policiesFromConfig } from '../policy/policies-from-config';
import type { CorsRequest } from './cors-request';
import { evaluateCors } from './evaluate-cors';
import { isUnsafeMethod } from './enforce-origin';

const WEB = 'http://localhost:7152';
const guarded = new CorsPolicyBuilder('Cookies').withOrigins(WEB).allowCredentials().enforceOrigin().build();
const unguarded = new CorsPolicyBuilder('Plain').withOrigins(WEB).allowCredentials().build();

describe('enforceOrigin (CSRF: OWASP "verify the origin with standard headers")', () => {
  it.each<[string, CorsRequest, boolean]>([
    ['POST from the allowed origin', { method: 'POST', origin: WEB }, false],
    ['POST from another origin', { method: 'POST', origin: 'https://evil.test' }, true],
    ['DELETE from another origin', { method: 'DELETE', origin: 'https://evil.test' }, true],
    ['PATCH from Origin null', { method: 'PATCH', origin: 'null' }, true],
    ['GET from another origin (safe: served, the read is blocked)', { method: 'GET', origin: 'https://evil.test' }, false],
    ['HEAD from another origin', { method: 'HEAD', origin: 'https://evil.test' }, false],
    ['a preflight from another origin (answered as a preflight)', { method: 'OPTIONS', origin: 'https://evil.test', accessControlRequestMethod: 'POST' }, false],
    ['no Origin, Sec-Fetch-Site cross-site', { method: 'POST', secFetchSite: 'cross-site' }, true],
    ['no Origin, Sec-Fetch-Site same-site (a sibling subdomain or port)', { method: 'POST', secFetchSite: 'same-site' }, true],
    ['no Origin, Sec-Fetch-Site same-origin', { method: 'POST', secFetchSite: 'same-origin' }, false],
    ['no Origin, Sec-Fetch-Site none (typed by the user)', { method: 'POST', secFetchSite: 'none' }, false],
    ['no Origin, a Referer from another origin', { method: 'POST', referer: 'https://evil.test/form' }, true],
    ['no Origin, a Referer from the allowed origin', { method: 'POST', referer: `${WEB}/Account/Login?x=1` }, false],
    ['no Origin, a Referer that is not a URL', { method: 'POST', referer: 'not a url' }, true],
    ['no Origin, no Sec-Fetch-Site, no Referer (not a browser)', { method: 'POST' }, false],
    ['no Origin, a GET from another site', { method: 'GET', secFetchSite: 'cross-site' }, false],
  ])('%s: forbidden=%s', (_name, request, forbidden) => {
    const d = evaluateCors(request, guarded);
    expect(d.forbidden === true).toBe(forbidden);
    if (forbidden) {
      expect(d.allowed).toBe(false);
      expect(d.rejection?.message).toEqual(expect.any(String));
      expect(d.headers.filter(([n]) => n.startsWith('Access-Control-'))).toEqual([]);
    }
    expect(evaluateCors(request, unguarded).forbidden).toBeFalsy(); // off unless the policy asks
  });

  it.each([['GET', false], ['HEAD', false], ['OPTIONS', false], ['TRACE', false], ['POST', true], ['PUT', true], ['DELETE', true], ['PATCH', true], ['post', true]])(
    'isUnsafeMethod(%s) = %s (RFC 9110 §9.2.1)',
    (method, unsafe) => expect(isUnsafeMethod(method)).toBe(unsafe),
  );

  it('refuses to build with any origin: it would enforce nothing', () => {
    expect(() => new CorsPolicyBuilder().allowAnyOrigin().enforceOrigin().build()).toThrow(
      expect.objectContaining({ code: 'enforce-origin-with-any-origin', field: 'enforceOrigin' }),
    );
  });

  it('reads "enforceOrigin" from the config format and names the field on errors', () => {
    const set = policiesFromConfig({ policies: { Cookies: { origins: [WEB], credentials: true, enforceOrigin: true } } });
    expect(set.policies.get('Cookies')?.enforceOrigin).toBe(true);
    expect(() => policiesFromConfig({ policies: { C: { origins: [WEB], enforceOrigin: 'yes' } } })).toThrow(expect.objectContaining({ field: 'cors.policies.C.enforceOrigin' }));
    let caught: unknown;
    try {
      policiesFromConfig({ policies: { Any: { origins: ['*'], enforceOrigin: true } } });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(CorsConfigError);
    expect(caught).toMatchObject({ field: 'cors.policies.Any.enforceOrigin' });
  });
});
