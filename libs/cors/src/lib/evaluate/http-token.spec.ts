import { firstTokenNotIn, isSafeOrigin, isSafeTokenList, isToken } from './http-token';

describe('http-token', () => {
  it.each([
    ['GET', true], ['M-SEARCH', true], ["!#$%&'*+-.^_`|~", true], ['', false], ['G T', false], ['A'.repeat(65), false], ['GET\n', false],
  ])('isToken(%j) = %s', (s, ok) => expect(isToken(s)).toBe(ok));

  it.each([
    ['content-type, x-api-key', true], ['a,\tb', true], ['', true], ['a\r\nb', false], ['a;b', false], ['a,'.repeat(2000), false],
  ])('isSafeTokenList(%j) = %s', (s, ok) => expect(isSafeTokenList(s)).toBe(ok));

  it.each([
    ['https://a.test', true], ['', false], ['https://a.test, https://b.test', false], ['https://a.test\r\n', false], ['https://é.test', false],
  ])('isSafeOrigin(%j) = %s', (s, ok) => expect(isSafeOrigin(s)).toBe(ok));

  it.each([
    ['Content-Type, Authorization', null],
    ['content-type,x-api-key', 'x-api-key'],
    ['  ,  Accept , content-type  ', null],
    ['X-Long-Name', 'X-Long-Name'],
  ])('firstTokenNotIn(%j)', (value, missing) => {
    expect(firstTokenNotIn(value, ['content-type', 'authorization'], ['accept'])).toBe(missing);
  });
});
