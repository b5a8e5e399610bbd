import { actualHeadersFor, droppedHeaderNames, needsPreflight, preflightHeadersFor, scriptError, type BrowserCorsRequest } from './browser-cors-request';
import { explainCors, parseList, readableHeaderNames, type ObservedResponse } from './explain-cors';

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
    [{ headers: { Cookie: 'a=b', 'Sec-Fetch-Mode': 'x', 'User-Agent': 'x' } }, false],
    [{ headers: { Range: 'bytes=0-10' } }, false],
    [{ headers: { Range: 'bytes=-10' } }, true],
    [{ headers: { 'Content-Language': 'en', 'content-language': 'fr' } }, false],
    [{ headers: { 'Content-Language': 'e'.repeat(100), 'content-language': 'f'.repeat(100) } }, true],
    [{ method: 'POST', body: 'x' }, false],
    [{ privateNetwork: true }, true],
  ])('%j → %s', (extra, expected) => {
    expect(needsPreflight({ url: URL_, origin: WEB, ...extra })).toBe(expected);
  });

  it('lists unsafe header names lowercase and sorted, without forbidden ones', () => {
    expect(preflightHeadersFor({ url: URL_, origin: WEB, method: 'Custom', privateNetwork: true,
      headers: { 'X-B': '1', 'Content-Type': 'application/json', 'x-a': '2', Accept: '*/*', Cookie: 'a=b' } })).toEqual({
      origin: WEB,
      'access-control-request-method': 'Custom',
      'access-control-request-headers': 'content-type,x-a,x-b',
      'access-control-request-private-network': 'true',
    });
  });

  it('the actual request carries normalised values, the defaults fetch adds and Origin, never forbidden headers', () => {
    expect(actualHeadersFor({ url: URL_, origin: WEB, method: 'POST', body: '{}', headers: { 'X-A': '  v \t', Cookie: 'a=b' } })).toEqual({
      'X-A': 'v', 'Content-Type': 'text/plain;charset=UTF-8', Accept: '*/*', origin: WEB,
    });
    expect(droppedHeaderNames({ url: URL_, origin: WEB, headers: { Cookie: 'a', 'X-HTTP-Method-Override': 'TRACE', 'X-A': 'b' } })).toEqual(['cookie', 'x-http-method-override']);
  });

  it.each([
    [{ method: 'TRACE' }, "'TRACE' HTTP method is unsupported"],
    [{ method: 'G T' }, "'G T' is not a valid HTTP method"],
    [{ headers: { 'Bad Name': 'x' } }, "'Bad Name' is not a valid HTTP header name"],
    [{ headers: { 'X-A': 'a\nb' } }, "is not a valid value for header 'X-A'"],
    [{ headers: { 'X-A': 'ä€' } }, 'is not a byte string'],
    [{ method: 'get', body: 'x' }, 'cannot have a body'],
  ])('fetch throws for %j', (extra, message) => {
    expect(scriptError({ url: URL_, origin: WEB, ...extra })).toContain(message);
    const r = explainCors({ request: { url: URL_, origin: WEB, ...extra } });
    expect(r).toMatchObject({ allowed: false, steps: [], failure: { step: 'script', corsError: null } });
    expect(r.explanation).toContain('fetch throws a TypeError before sending anything');
  });
});

describe('explainCors', () => {
  const okActual = res(200, { 'access-control-allow-origin': WEB, 'access-control-allow-credentials': 'true' });
  const pre = (h: Record<string, string>) => res(204, { 'access-control-allow-origin': WEB, ...h });
  it.each([
    ['simple GET allowed', {}, undefined, res(200, { 'access-control-allow-origin': '*' }), null, '',
      'allowed: no preflight needed; the GET response (status 200) grants http://localhost:7152.'],
    ['simple GET, no ACAO', {}, undefined, res(200, {}), 'MissingAllowOriginHeader', '', "No 'Access-Control-Allow-Origin' header is present"],
    ['ACAO mismatch', {}, undefined, res(200, { 'access-control-allow-origin': 'http://other' }), 'AllowOriginMismatch', 'http://other',
      "has a value 'http://other' that is not equal to the supplied origin"],
    ['two ACAO values', {}, undefined, res(200, { 'access-control-allow-origin': [WEB, WEB] }), 'MultipleAllowOriginValues', `${WEB}, ${WEB}`, 'contains multiple values'],
    ['invalid ACAO', {}, undefined, res(200, { 'access-control-allow-origin': 'nope' }), 'InvalidAllowOriginValue', 'nope', "contains the invalid value 'nope'"],
    ['ACAO null', {}, undefined, res(200, { 'access-control-allow-origin': 'null' }), 'AllowOriginMismatch', 'null', 'not equal'],
    ['credentials with *', { credentials: true }, undefined, res(200, { 'access-control-allow-origin': '*' }), 'WildcardOriginNotAllowed', '',
      "must not be the wildcard '*' when the request's credentials mode is 'include'"],
    ['credentials without ACAC', { credentials: 'include' }, undefined, res(200, { 'access-control-allow-origin': WEB }), 'InvalidAllowCredentials', '',
      "'Access-Control-Allow-Credentials' header in the response is '' which must be 'true'"],
    ['ACAC True', { credentials: true }, undefined, res(200, { 'access-control-allow-origin': WEB, 'access-control-allow-credentials': 'True' }), 'InvalidAllowCredentials', 'True', "is 'True'"],
    ['same-origin mode sends no credentials cross-origin', { credentials: 'same-origin' }, undefined, res(200, { 'access-control-allow-origin': '*' }), null, '', 'allowed'],
    ['credentials ok', { credentials: true }, undefined, okActual, null, '', 'grants http://localhost:7152 with credentials'],
    ['actual unreachable', {}, undefined, null, null, '', 'no response to the GET request'],
    ['preflight unreachable', { method: 'PUT' }, null, undefined, null, '', 'no preflight response'],
    ['preflight not 2xx', { method: 'PUT' }, res(403, { 'access-control-allow-origin': WEB }), undefined, 'PreflightInvalidStatus', '', 'It does not have HTTP ok status.'],
    ['preflight without ACAO and not 2xx: the CORS check is reported first', { method: 'PUT' }, res(500, {}), undefined, 'PreflightMissingAllowOriginHeader', '', "Response to preflight request doesn't pass access control check: No"],
    ['preflight * with credentials', { method: 'PUT', credentials: true }, res(204, { 'access-control-allow-origin': '*' }), undefined, 'PreflightWildcardOriginNotAllowed', '', 'wildcard'],
    ['preflight without ACAC', { method: 'PUT', credentials: true }, pre({}), undefined, 'PreflightInvalidAllowCredentials', '', 'Credentials'],
    ['preflight method missing', { method: 'PUT' }, pre({ 'access-control-allow-methods': 'GET, POST' }), undefined, 'MethodDisallowedByPreflightResponse', 'PUT',
      'blocked: Method PUT is not allowed by Access-Control-Allow-Methods in preflight response. The browser sent a preflight because PUT is not a CORS-safelisted method'],
    ['methods compare case-sensitively', { method: 'patch' }, pre({ 'access-control-allow-methods': 'PATCH' }), undefined, 'MethodDisallowedByPreflightResponse', 'patch', 'Method patch'],
    ['lowercase patch allowed by patch', { method: 'patch' }, pre({ 'access-control-allow-methods': 'patch' }), res(200, { 'access-control-allow-origin': WEB }), null, '', 'allowed'],
    ['unparsable methods', { method: 'PUT' }, pre({ 'access-control-allow-methods': 'PUT, G T' }), undefined, 'InvalidAllowMethodsPreflightResponse', 'PUT, G T', 'Cannot parse Access-Control-Allow-Methods'],
    ['unparsable headers', { method: 'PUT' }, pre({ 'access-control-allow-methods': 'PUT', 'access-control-allow-headers': 'a;b' }), undefined, 'InvalidAllowHeadersPreflightResponse', 'a;b', 'Cannot parse Access-Control-Allow-Headers'],
    ['preflight header missing', { headers: { 'X-Api-Key': 'k' } }, pre({ 'access-control-allow-headers': 'Content-Type, Authorization' }), undefined,
      'HeaderDisallowedByPreflightResponse', 'x-api-key',
      'blocked: Request header field x-api-key is not allowed by Access-Control-Allow-Headers in preflight response. The browser sent a preflight because header x-api-key is not CORS-safelisted'],
    ['several headers missing', { headers: { 'X-B': '1', 'X-A': '2' } }, pre({}), undefined, 'HeaderDisallowedByPreflightResponse', 'x-a', '(also missing: x-b)'],
    ['* never covers Authorization', { headers: { Authorization: 'Bearer x', 'X-A': '1' } }, res(204, { 'access-control-allow-origin': '*', 'access-control-allow-headers': '*' }), undefined,
      'HeaderDisallowedByPreflightResponse', 'authorization', 'Request header field authorization is not allowed'],
    ['* plus Authorization listed', { headers: { Authorization: 'Bearer x' } }, res(204, { 'access-control-allow-origin': '*', 'access-control-allow-headers': '*, authorization' }),
      res(200, { 'access-control-allow-origin': '*' }), null, '', 'allowed'],
    ['* not a wildcard with credentials', { method: 'PUT', credentials: true },
      pre({ 'access-control-allow-credentials': 'true', 'access-control-allow-methods': '*' }), undefined, 'MethodDisallowedByPreflightResponse', 'PUT', 'Method PUT'],
    ['private network refused', { privateNetwork: true }, pre({}), undefined, 'PreflightMissingAllowPrivateNetwork', '', 'Private-Network'],
    ['preflight ok, actual refused', { method: 'PUT' }, pre({ 'access-control-allow-methods': 'PUT' }), res(500, {}), 'MissingAllowOriginHeader', '',
      'The request reached the server (status 500), but the page cannot read the response.'],
    ['preflight and actual ok', { method: 'DELETE', headers: { 'X-Api-Key': 'k', Cookie: 'x' }, credentials: true, privateNetwork: true },
      res(204, { 'access-control-allow-origin': WEB, 'access-control-allow-credentials': 'true', 'access-control-allow-methods': 'DELETE',
        'access-control-allow-headers': ['x-api-key'], 'access-control-allow-private-network': 'true' }),
      okActual, null, '', 'allowed: the preflight passed (needed because DELETE is not a CORS-safelisted method), then the DELETE response (status 200)'],
    ['wildcards without credentials', { method: 'PUT', headers: { 'X-A': '1', DNT: '1', Cookie: '1' } },
      res(204, { 'access-control-allow-origin': '*', 'access-control-allow-methods': '*', 'access-control-allow-headers': '*' }),
      res(200, { 'access-control-allow-origin': '*' }), null, '', 'The browser drops headers cookie, dnt (forbidden request headers'],
  ])('%s', (_n, extra, preflight, actual, corsError, param, text) => {
    const result = explainCors({ request: { url: URL_, origin: WEB, ...(extra as Partial<BrowserCorsRequest>) }, preflight, actual });
    expect(result.allowed).toBe(corsError === null && !text.startsWith('no '));
    expect(result.explanation).toContain(text);
    expect(result.failure?.corsError ?? null).toBe(corsError);
    if (corsError !== null) expect(result.failure?.failedParameter).toBe(param);
    expect(result.steps.at(-1)?.ok).toBe(result.allowed);
  });

  it('explains a request deliberately not sent', () => {
    const r = explainCors({ request: { url: URL_, origin: WEB, method: 'POST' }, actualNotSent: 'POST is not safe' });
    expect(r).toMatchObject({ allowed: false, failure: null, steps: [{ kind: 'actual', sent: false }] });
    expect(r.explanation).toBe('unknown: no preflight needed; the POST request was not sent: POST is not safe.');
    const p = explainCors({ request: { url: URL_, origin: WEB, method: 'PUT' }, preflight: pre({ 'access-control-allow-methods': 'PUT' }), actualNotSent: 'x' });
    expect(p.explanation).toContain('unknown: the preflight passes (needed because PUT is not a CORS-safelisted method)');
  });
});

describe('readable response headers (Fetch §4.1 CORS-filtered response)', () => {
  const headers = { 'content-type': 'a', 'x-a': '1', 'x-b': '2', 'set-cookie': 'c', 'cache-control': 'no' };
  it.each([
    [false, undefined, ['cache-control', 'content-type']],
    [false, 'X-A', ['cache-control', 'content-type', 'x-a']],
    [false, '*', ['cache-control', 'content-type', 'x-a', 'x-b']],
    [true, '*', ['cache-control', 'content-type']],
    [true, '*, x-b', ['cache-control', 'content-type', 'x-b']],
    [false, 'x a', ['cache-control', 'content-type']],
  ])('credentials %s, expose %j → %j', (credentials, expose, expected) => {
    const h = expose === undefined ? headers : { ...headers, 'access-control-expose-headers': expose };
    const names = readableHeaderNames({ url: URL_, origin: WEB, credentials }, res(200, h));
    expect(names.filter((n) => n !== 'access-control-expose-headers')).toEqual(expected);
  });

  it('parses lists as Chromium does', () => {
    expect(parseList(' a ,, b\t')).toEqual(['a', 'b']);
    expect(parseList(undefined)).toEqual([]);
    expect(parseList('a b')).toBeNull();
  });
});
