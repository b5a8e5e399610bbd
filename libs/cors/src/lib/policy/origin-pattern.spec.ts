import { CorsConfigError } from './cors-config.error';
import { matchesWildcard, parseOrigin } from './origin-pattern';

describe('parseOrigin', () => {
  it.each([
    ['http://localhost:7152', 'http://localhost:7152'],
    ['HTTPS://App.Example.COM', 'https://app.example.com'],
    ['https://example.com:443', 'https://example.com'],
    ['http://example.com:80', 'http://example.com'],
    ['https://example.com:8443', 'https://example.com:8443'],
    ['https://bücher.example', 'https://xn--bcher-kva.example'],
    ['chrome-extension://abcdef', 'chrome-extension://abcdef'],
    ['http://[::1]:3000', 'http://[::1]:3000'],
  ])('normalises %s to %s', (spec, origin) => {
    expect(parseOrigin(spec, 'f')).toEqual({ kind: 'exact', origin });
  });

  it.each([
    ['https://*.example.com', 'https://', '.example.com'],
    ['https://*.Example.com:443', 'https://', '.example.com'],
    ['http://*.example.com:8080', 'http://', '.example.com:8080'],
    ['http://*.localhost', 'http://', '.localhost'],
  ])('parses wildcard %s', (spec, prefix, suffix) => {
    const parsed = parseOrigin(spec, 'f');
    expect(parsed).toEqual({ kind: 'wildcard', wildcard: { prefix, suffix, pattern: `${prefix}*${suffix}` } });
  });

  it.each([
    ['example.com', 'origin-missing-scheme', 'write "https://example.com"'],
    ['//example.com', 'origin-missing-scheme', 'no scheme'],
    ['https://example.com/', 'origin-trailing-slash', 'write "https://example.com"'],
    ['https://example.com/app', 'origin-has-path', 'has a path'],
    ['https://example.com?x=1', 'origin-has-query', 'query'],
    ['https://example.com#x', 'origin-has-query', 'fragment'],
    ['https://ex*ample.com', 'origin-misplaced-wildcard', 'wrong place'],
    ['https://example.*', 'origin-misplaced-wildcard', 'wrong place'],
    ['https://*example.com', 'origin-misplaced-wildcard', 'wrong place'],
    ['https://*.*.example.com', 'origin-misplaced-wildcard', 'wrong place'],
    ['https://*.com', 'origin-misplaced-wildcard', 'top-level'],
    ['*://example.com', 'origin-missing-scheme', 'no scheme'],
    ['https://user@example.com', 'origin-malformed', 'user info'],
    ['https://exa mple.com', 'origin-malformed', 'not a valid URL'],
    ['', 'origin-malformed', 'not a valid origin'],
    [' https://example.com', 'origin-malformed', 'not a valid origin'],
    ['null', 'origin-missing-scheme', 'no scheme'],
    ['file://', 'origin-malformed', 'no host'],
  ])('rejects %j with %s', (spec, code, text) => {
    let error: unknown;
    try {
      parseOrigin(spec, 'cors.policies.P.origins[0]');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CorsConfigError);
    expect(error).toMatchObject({ code, field: 'cors.policies.P.origins[0]' });
    expect((error as Error).message).toContain(text);
  });

  it('rejects a non-string', () => {
    expect(() => parseOrigin(42 as unknown as string, 'f')).toThrow(/not a valid origin/);
  });
});

describe('matchesWildcard', () => {
  const w = { prefix: 'https://', suffix: '.example.com', pattern: 'https://*.example.com' };
  const withPort = { prefix: 'https://', suffix: '.example.com:8443', pattern: 'https://*.example.com:8443' };
  it.each([
    ['https://app.example.com', w, true],
    ['https://a.b.c.example.com', w, true],
    ['https://x-1.example.com', w, true],
    ['https://example.com', w, false],
    ['https://.example.com', w, false],
    ['https://a..example.com', w, false],
    ['https://evil-example.com', w, false],
    ['https://evilexample.com', w, false],
    ['http://app.example.com', w, false],
    ['https://app.example.com:8443', w, false],
    ['https://app.example.com.evil.com', w, false],
    ['https://a_b.example.com', w, false],
    ['https://a/b.example.com', w, false],
    ['https://app.example.com:8443', withPort, true],
    ['https://app.example.com', withPort, false],
  ])('%s vs %s → %s', (origin, pattern, expected) => {
    expect(matchesWildcard(origin, pattern)).toBe(expected);
  });
});
