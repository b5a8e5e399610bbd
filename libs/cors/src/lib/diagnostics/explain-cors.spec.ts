import { needsPreflight, preflightHeadersFor } from './browser-cors-request';
import { explainCors, type ObservedResponse } from './explain-cors';

const URL_ = 'http://localhost:7204/users/user/me';
const WEB = 'http://localhost:7152';
const res = (status: number, headers: Record<string, string | string[]>): ObservedResponse => ({ status, headers });

describe('needsPreflight / preflightHeadersFor', () => {
  it.each([
    [{}, false],
    [{ method: 'post', headers: { 'Content-Type': 'text/plain;charset=UTF-8', Accept: 'application/json' } }, false],
    [{ method: 'POST', headers: { 'Content-Type': 'application/json' } }, true],
    [{ method: 'PUT' }, true],
    [{ method: 'patch' }, true],
    [{ headers: { 'X-Api-Key': 'k' } }, true],
    [{ headers: { Accept: 'x'.repeat(200) } }, true],
    [{ privateNetwork: true }, true],
  ])('%j → %s', (extra, expected) => {
    expect(needsPreflight({ url: URL_, origin: WEB, ...extra })).toBe(expected);
  });

  it('lists unsafe header names lowercase and sorted', () => {
    expect(preflightHeadersFor({ url: URL_, origin: WEB, method: 'Custom', privateNetwork: true,
      headers: { 'X-B': '1', 'Content-Type': 'application/json', 'x-a': '2', Accept: '*/*' } })).toEqual({
      origin: WEB,
      'access-control-request-method': 'Custom',
      'access-control-request-headers': 'content-type,x-a,x-b',
      'access-control-request-private-network': 'true',
    });
  });
});

describe('explainCors', () => {
  const okActual = res(200, { 'access-control-allow-origin': WEB, 'access-control-allow-credentials': 'true' });
  it.each([
    ['simple GET allowed', {}, undefined, res(200, { 'access-control-allow-origin': '*' }), true,
      'allowed: no preflight needed; the GET response (status 200) grants http://localhost:7152.'],
    ['simple GET, no ACAO', {}, undefined, res(200, {}), false,
      'blocked: the GET response has no Access-Control-Allow-Origin header'],
    ['ACAO mismatch', {}, undefined, res(200, { 'access-control-allow-origin': 'http://other' }), false,
      'does not match the page origin http://localhost:7152'],
    ['credentials with *', { credentials: true }, undefined, res(200, { 'access-control-allow-origin': '*' }), false,
      'browsers refuse for credentialed requests'],
    ['credentials without ACAC', { credentials: true }, undefined, res(200, { 'access-control-allow-origin': WEB }), false,
      'lacks Access-Control-Allow-Credentials: true'],
    ['credentials ok', { credentials: true }, undefined, okActual, true, 'grants http://localhost:7152 with credentials'],
    ['actual unreachable', {}, undefined, null, false, 'no response to the GET request'],
    ['preflight unreachable', { method: 'PUT' }, null, undefined, false, 'no preflight response'],
    ['preflight not 2xx', { method: 'PUT' }, res(403, {}), undefined, false, 'the preflight response status 403 is not 2xx'],
    ['preflight method missing', { method: 'PUT' }, res(204, { 'access-control-allow-origin': WEB, 'access-control-allow-methods': 'GET, POST' }), undefined, false,
      'blocked: method PUT is not in Access-Control-Allow-Methods (GET, POST). The browser sent a preflight because PUT is not a CORS-safelisted method'],
    ['preflight methods absent', { method: 'DELETE' }, res(204, { 'access-control-allow-origin': WEB }), undefined, false, '(absent)'],
    ['preflight header missing', { headers: { 'X-Api-Key': 'k' } },
      res(204, { 'access-control-allow-origin': WEB, 'access-control-allow-headers': 'Content-Type, Authorization' }), undefined, false,
      'blocked: request header X-Api-Key is not in Access-Control-Allow-Headers. The browser sent a preflight because header x-api-key is not CORS-safelisted'],
    ['* never covers Authorization', { headers: { Authorization: 'Bearer x', 'X-A': '1' } },
      res(204, { 'access-control-allow-origin': '*', 'access-control-allow-headers': '*' }), undefined, false,
      'request header Authorization is not in Access-Control-Allow-Headers (a * wildcard never covers Authorization). The browser sent a preflight because headers authorization, x-a are'],
    ['* not a wildcard with credentials', { method: 'PUT', credentials: true },
      res(204, { 'access-control-allow-origin': WEB, 'access-control-allow-credentials': 'true', 'access-control-allow-methods': '*' }), undefined, false,
      'method PUT is not in Access-Control-Allow-Methods (*)'],
    ['private network refused', { privateNetwork: true }, res(204, { 'access-control-allow-origin': WEB }), undefined, false,
      'lacks Access-Control-Allow-Private-Network: true (Private Network Access). The browser sent a preflight because the target is on a private network'],
    ['preflight ok, actual refused', { method: 'PUT' }, res(204, { 'access-control-allow-origin': WEB, 'access-control-allow-methods': 'PUT' }),
      res(500, {}), false, 'The request reached the server (status 500), but the page cannot read the response.'],
    ['preflight and actual ok', { method: 'DELETE', headers: { 'X-Api-Key': 'k' }, credentials: true, privateNetwork: true },
      res(204, { 'access-control-allow-origin': WEB, 'access-control-allow-credentials': 'true', 'access-control-allow-methods': 'DELETE',
        'access-control-allow-headers': ['x-api-key'], 'access-control-allow-private-network': 'true' }),
      okActual, true, 'allowed: the preflight passed (needed because DELETE is not a CORS-safelisted method), then the DELETE response (status 200)'],
    ['wildcards without credentials', { method: 'PUT', headers: { 'X-A': '1' } },
      res(204, { 'access-control-allow-origin': '*', 'access-control-allow-methods': '*', 'access-control-allow-headers': '*' }),
      res(200, { 'access-control-allow-origin': '*' }), true, 'allowed'],
  ])('%s', (_n, extra, preflight, actual, allowed, text) => {
    const result = explainCors({ request: { url: URL_, origin: WEB, ...extra }, preflight, actual });
    expect(result.allowed).toBe(allowed);
    expect(result.explanation).toContain(text);
    expect(result.steps.at(-1)?.ok).toBe(allowed);
  });
});
