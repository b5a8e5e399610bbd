import { isPreflight } from './is-preflight';

describe('isPreflight (Fetch §4.8)', () => {
  const O = 'https://a.test';
  it.each([
    ['OPTIONS + Origin + Access-Control-Request-Method', 'OPTIONS', { origin: O, 'access-control-request-method': 'PUT' }, true],
    ['an empty requested method is still a preflight (the evaluator refuses it)', 'OPTIONS', { origin: O, 'access-control-request-method': '' }, true],
    ['OPTIONS without Origin', 'OPTIONS', { 'access-control-request-method': 'PUT' }, false],
    ['OPTIONS without a requested method', 'OPTIONS', { origin: O }, false],
    ['a GET carrying both headers', 'GET', { origin: O, 'access-control-request-method': 'GET' }, false],
    ['lowercase options (methods are case-sensitive, RFC 9110 §9.1)', 'options', { origin: O, 'access-control-request-method': 'GET' }, false],
    ['no method at all', undefined, { origin: O, 'access-control-request-method': 'GET' }, false],
  ])('%s', (_name, method, headers, expected) => {
    expect(isPreflight(method, headers)).toBe(expected);
  });
});
