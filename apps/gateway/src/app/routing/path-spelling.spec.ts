import { spellPath } from './path-spelling';

describe('one spelling per path', () => {
  it.each([
    ['/', '/'],
    ['/users/user/login', '/users/user/login'],
    ['/users/user/%6Cogin', '/users/user/login'],
    ['/users/%75ser/me', '/users/user/me'],
    ['/users/user/%4C%4F%47%49%4E', '/users/user/LOGIN'],
    ['/a/%7e%2d%2e%5f', '/a/~-._'],
    ['/a/caf%c3%a9', '/a/caf%C3%A9'],
    ['/a/x%20y', '/a/x%20y'],
    ['/users/.well-known/jwks.json', '/users/.well-known/jwks.json'],
    ['/a/..b/c.', '/a/..b/c.'],
  ])('%s is spelled %s', (raw, canonical) => {
    expect(spellPath(raw)).toEqual({ ok: true, path: canonical });
  });

  it.each([
    ['/users//user/login', /empty segment/],
    ['//users/user/login', /empty segment/],
    ['/users/user/login/', /empty segment/],
    ['/users/user/login//', /empty segment/],
    ['/users/./user/login', /"\." or "\.\." segment/],
    ['/users/x/../user/me', /"\." or "\.\." segment/],
    ['/users/%2e%2e/admin', /"\." or "\.\." segment/],
    ['/users/%2E/user/me', /"\." or "\.\." segment/],
    ['/users/user%2Flogin', /encoded "\/"/],
    ['/users/user%2flogin', /encoded "\/"/],
    ['/users/user%5Clogin', /encoded "\\"/],
    ['/users/user%00', /NUL/],
    ['/users\\user\\login', /contains "\\"/],
    ['/users/%zz', /not a percent escape/],
    ['/users/%4', /not a percent escape/],
    ['http://gateway/users/user/login', /starting with "\/"/],
    ['*', /starting with "\/"/],
  ])('%s is refused', (raw, why) => {
    const spelled = spellPath(raw);
    expect(spelled.ok).toBe(false);
    expect(!spelled.ok && spelled.problem).toMatch(why);
  });
});
