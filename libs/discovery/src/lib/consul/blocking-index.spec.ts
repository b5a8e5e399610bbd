import { nextBlockingIndex, parseConsulIndex } from './blocking-index';
import { backoffDelay } from './backoff';
import { parseConsulUrl } from './consul-url';

// Consul HTTP API, "Blocking Queries": follow the index, reset when
// it goes backwards, never block on 0 after the first call.
describe('nextBlockingIndex', () => {
  it.each([
    ['first answer', 0, 12, 12],
    ['index moved forward', 12, 15, 15],
    ['same index (wait elapsed)', 12, 12, 12],
    ['index went backwards: start over non-blocking', 12, 3, 0],
    ['zero index after the first call: use 1, never 0', 12, 0, 1],
    ['zero on the first call: use 1', 0, 0, 1],
    ['missing header', 12, undefined, 1],
  ])('%s (sent %p, got %p) -> %p', (_case, sent, returned, expected) => {
    expect(nextBlockingIndex(sent, returned)).toBe(expected);
  });
});

describe('parseConsulIndex', () => {
  it.each([
    ['42', 42],
    [['7'], 7],
    [undefined, undefined],
    ['', undefined],
    ['-1', undefined],
    ['abc', undefined],
  ])('%p -> %p', (header, expected) => {
    expect(parseConsulIndex(header as string)).toBe(expected);
  });
});

describe('backoffDelay', () => {
  it.each([
    [1, 0, 50],
    [1, 1, 100],
    [2, 1, 200],
    [3, 0.5, 300],
    [20, 1, 1_000],
  ])('attempt %p with random %p -> %p ms (base 100, max 1000)', (attempt, random, expected) => {
    expect(backoffDelay(attempt, { baseMs: 100, maxMs: 1_000 }, () => random)).toBe(expected);
  });
});

describe('parseConsulUrl', () => {
  it.each([
    ['http://127.0.0.1:8500', { host: '127.0.0.1', port: 8500, secure: false, url: 'http://127.0.0.1:8500' }],
    ['https://consul.example.com', { host: 'consul.example.com', port: 443, secure: true, url: 'https://consul.example.com' }],
    ['http://consul:8500/', { host: 'consul', port: 8500, secure: false, url: 'http://consul:8500' }],
    ['http://[::1]:8500', { host: '::1', port: 8500, secure: false, url: 'http://[::1]:8500' }],
  ])('%s', (raw, expected) => {
    expect(parseConsulUrl(raw, 'CONSUL_URL')).toEqual(expected);
  });

  it.each(['', 'consul:8500', 'ftp://consul:8500', 'http://consul:8500/v1', 'http://consul:8500?x=1', 42])('rejects %p naming the field', (raw) => {
    expect(() => parseConsulUrl(raw, 'CONSUL_URL')).toThrow(/^CONSUL_URL: /);
  });
});
