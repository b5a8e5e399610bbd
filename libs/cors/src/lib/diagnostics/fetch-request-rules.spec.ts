import {
  corsUnsafeRequestHeaderNames, isCorsSafelistedRequestHeader, isCorsUnsafeByte, isForbiddenMethod, isForbiddenRequestHeader,
  isSimpleRange, mimeEssence, normalizeMethod,
} from './fetch-request-rules';

describe('Fetch §2.2.1 methods', () => {
  it.each([
    ['get', 'GET'], ['Post', 'POST'], ['delete', 'DELETE'], ['options', 'OPTIONS'], ['put', 'PUT'], ['head', 'HEAD'],
    ['patch', 'patch'], ['PATCH', 'PATCH'], ['Custom', 'Custom'],
  ])('normalize %s → %s', (m, expected) => expect(normalizeMethod(m)).toBe(expected));

  it.each([['CONNECT', true], ['trace', true], ['Track', true], ['GET', false], ['TRACES', false]])('forbidden %s → %s', (m, expected) => {
    expect(isForbiddenMethod(m)).toBe(expected);
  });
});

describe('Fetch §2.2.2 CORS-unsafe request-header byte', () => {
  it.each([
    [0x00, true], [0x08, true], [0x09, false], [0x0a, true], [0x1f, true], [0x20, false], [0x22, true], [0x28, true], [0x29, true],
    [0x3a, true], [0x3c, true], [0x3e, true], [0x3f, true], [0x40, true], [0x5b, true], [0x5c, true], [0x5d, true], [0x7b, true],
    [0x7d, true], [0x7f, true], [0x41, false], [0x2f, false], [0x3b, false], [0x80, false], [0xff, false],
  ])('0x%s → %s', (byte, expected) => expect(isCorsUnsafeByte(byte)).toBe(expected));
});

describe('Fetch §2.2.2 forbidden request-header', () => {
  it.each([
    ['Accept-Charset', 'x', true], ['accept-encoding', 'gzip', true], ['Access-Control-Request-Headers', 'x', true],
    ['Access-Control-Request-Method', 'x', true], ['Connection', 'x', true], ['Content-Length', '1', true], ['Cookie', 'a=b', true],
    ['Cookie2', 'x', true], ['Date', 'x', true], ['DNT', '1', true], ['Expect', 'x', true], ['Host', 'x', true], ['Keep-Alive', 'x', true],
    ['Origin', 'x', true], ['Referer', 'x', true], ['Set-Cookie', 'x', true], ['TE', 'x', true], ['Trailer', 'x', true],
    ['Transfer-Encoding', 'x', true], ['Upgrade', 'x', true], ['Via', 'x', true], ['Proxy-Anything', 'x', true], ['Sec-Foo', 'x', true],
    ['X-HTTP-Method-Override', 'TRACE', true], ['X-HTTP-Method', 'get, connect', true], ['X-Method-Override', ' track ', true],
    ['X-HTTP-Method-Override', 'PUT', false], ['X-Api-Key', 'x', false], ['Authorization', 'x', false], ['Proxy', 'x', false],
    ['User-Agent', 'x', true],
  ])('%s: %s → %s', (n, v, expected) => expect(isForbiddenRequestHeader(n, v)).toBe(expected));

  it('User-Agent is forbidden by Chromium only (Fetch allows it since 2015)', () => {
    expect(isForbiddenRequestHeader('User-Agent', 'x', false)).toBe(false);
  });
});

describe('Fetch §2.2.2 CORS-safelisted request-header', () => {
  it.each([
    ['Accept', '*/*', true], ['accept', 'application/json, text/plain', true], ['Accept', 'a"b', false], ['Accept', 'x@y', false],
    ['Accept', '\tx', true], ['Accept', 'x'.repeat(128), true], ['Accept', 'x'.repeat(129), false],
    ['Accept-Language', 'en-US,en;q=0.9', true], ['Accept-Language', 'de*', true], ['Accept-Language', 'en_US', false],
    ['Content-Language', 'fr', true], ['Content-Language', 'fr/be', false], ['Content-Language', 'é', false],
    ['Content-Type', 'text/plain', true], ['Content-Type', 'TEXT/PLAIN;charset=UTF-8', true], ['Content-Type', 'multipart/form-data; boundary=x', true],
    ['Content-Type', 'application/x-www-form-urlencoded', true], ['Content-Type', 'application/json', false], ['Content-Type', 'text/plain@', false],
    ['Content-Type', 'text/plain; charset="utf-8"', false], ['Content-Type', 'text', false], ['Content-Type', '/plain', false],
    ['Content-Type', 'text/plain ;a=b', true], ['Content-Type', 'text/plain, text/html', false],
    ['Range', 'bytes=0-', true], ['Range', 'bytes=0-499', true], ['Range', 'BYTES=5-5', true], ['Range', 'bytes=-500', false],
    ['Range', 'bytes=500-100', false], ['Range', 'bytes=0-1,2-3', false], ['Range', 'bytes = 0-1', false], ['Range', 'items=0-1', false],
    ['X-Api-Key', 'k', false], ['Authorization', 'Bearer x', false],
    // Chromium's client hints (services/network/public/cpp/cors/cors.cc)
    ['DPR', '2.5', true], ['dpr', '2.', false], ['Device-Memory', '8', true], ['Downlink', 'x', false], ['Width', '100', true],
    ['Viewport-Width', '1.5', false], ['RTT', '50', true], ['ECT', '4g', true], ['ECT', '5g', false], ['Save-Data', 'ON', true],
    ['Save-Data', 'off', false], ['Intervention', 'anything', true],
  ])('%s: %j → %s', (n, v, expected) => expect(isCorsSafelistedRequestHeader(n, v)).toBe(expected));

  it('client hints are not safelisted by the Fetch standard itself', () => {
    expect(isCorsSafelistedRequestHeader('DPR', '2', false)).toBe(false);
  });

  it.each([
    ['text/plain', 'text/plain'], [' Text/Plain ; x=y', 'text/plain'], ['a/b;', 'a/b'], ['a b/c', null], ['a/', null],
  ])('MIME essence of %j → %s', (v, expected) => expect(mimeEssence(v)).toBe(expected));

  it('a simple range compares arbitrarily large integers', () => {
    expect(isSimpleRange('bytes=99999999999999999999-100000000000000000000')).toBe(true);
  });
});

describe('Fetch §2.2.2 CORS-unsafe request-header names', () => {
  it.each([
    [[['X-B', '1'], ['x-a', '2'], ['Accept', '*/*']], ['x-a', 'x-b']],
    [[['Content-Type', 'application/json'], ['Cookie', 'a=b'], ['Sec-X', 'y']], ['content-type']],
  ] as [string, string][][][])('%j → %j', (headers, expected) => {
    expect(corsUnsafeRequestHeaderNames(headers as unknown as [string, string][])).toEqual(expected);
  });

  // 1024 bytes of safelisted values in total are fine; one more byte makes every one of them unsafe.
  it.each([
    ['1', []],
    ['12', ['accept', 'accept-language', 'content-language', 'device-memory', 'downlink', 'dpr', 'rtt', 'viewport-width', 'width']],
  ])('viewport-width %j on top of 1023 bytes → %j', (last, expected) => {
    const headers: [string, string][] = [
      ['Accept', 'a'.repeat(128)], ['Accept-Language', 'b'.repeat(128)], ['Content-Language', 'c'.repeat(128)], ['DPR', '1'.repeat(128)],
      ['Width', '2'.repeat(128)], ['RTT', '3'.repeat(128)], ['Device-Memory', '4'.repeat(128)], ['Downlink', '5'.repeat(127)], ['Viewport-Width', last],
    ];
    expect(corsUnsafeRequestHeaderNames(headers)).toEqual(expected);
  });
});
