import { corsRequestFromHeaders } from './cors-request';

describe('corsRequestFromHeaders', () => {
  it('reads the CORS request headers', () => {
    const r = corsRequestFromHeaders('OPTIONS', {
      origin: 'https://a.test',
      'access-control-request-method': 'PUT',
      'access-control-request-headers': 'x-a',
      'access-control-request-private-network': 'true',
    });
    expect(r).toEqual({
      method: 'OPTIONS', origin: 'https://a.test', accessControlRequestMethod: 'PUT',
      accessControlRequestHeaders: 'x-a', accessControlRequestPrivateNetwork: 'true',
    });
  });

  it('joins duplicated headers so they never match a single origin', () => {
    const r = corsRequestFromHeaders('GET', { origin: ['https://a.test', 'https://b.test'] as unknown as string });
    expect(r.origin).toBe('https://a.test, https://b.test');
  });
});
