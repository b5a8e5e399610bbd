import { createServer, type ServerResponse } from 'node:http';
import { CorsPolicyBuilder } from '../policy/cors-policy.builder';
import { appendVary, appendVaryOrigin, applyCorsDecision } from './apply-cors-decision';
import { evaluateCors } from './evaluate-cors';

const policy = new CorsPolicyBuilder('P').withOrigins('https://a.test').allowCredentials().build();
const actual = evaluateCors({ method: 'GET', origin: 'https://a.test' }, policy);

class NodeLikeResponse {
  readonly headers = new Map<string, unknown>();
  setHeader(name: string, value: unknown) {
    this.headers.set(name.toLowerCase(), value);
  }
  getHeader(name: string) {
    return this.headers.get(name.toLowerCase());
  }
}
class FastifyLikeReply {
  readonly headers = new Map<string, unknown>();
  header(name: string, value: unknown) {
    this.headers.set(name.toLowerCase(), value);
    return this;
  }
  getHeader(name: string) {
    return this.headers.get(name.toLowerCase());
  }
}

describe('appendVaryOrigin', () => {
  it.each([
    [undefined, 'Origin'], [null, 'Origin'], ['', 'Origin'], ['Accept-Encoding', 'Accept-Encoding, Origin'],
    ['accept-encoding, origin', null], ['*', null], [['Accept', 'Cookie'], 'Accept, Cookie, Origin'], [['ORIGIN'], null],
  ])('%j → %j', (existing, expected) => expect(appendVaryOrigin(existing)).toBe(expected));
});

describe('appendVary', () => {
  it.each([
    ['Origin', 'Accept-Encoding, origin', 'Origin, Accept-Encoding'],
    [undefined, 'Accept-Encoding', 'Accept-Encoding'],
    ['  ', 'A', 'A'],
    ['Origin', 'origin', null],
    ['*', 'Origin', null],
    ['Origin', ' , ', null],
    [['A', 'B'], 'b, C, c', 'A, B, C'],
  ])('%j + %j → %j', (existing, value, expected) => expect(appendVary(existing, value)).toBe(expected));
});

describe('applyCorsDecision', () => {
  it.each([
    ['Node-style sink', () => new NodeLikeResponse()],
    ['Fastify-style sink', () => new FastifyLikeReply()],
  ])('writes headers and appends Vary on a %s', (_n, make) => {
    const sink = make();
    sink.headers.set('vary', 'Accept-Encoding');
    applyCorsDecision(actual, sink);
    expect(Object.fromEntries(sink.headers)).toEqual({
      vary: 'Accept-Encoding, Origin',
      'access-control-allow-origin': 'https://a.test',
      'access-control-allow-credentials': 'true',
    });
    applyCorsDecision(actual, sink);
    expect(sink.headers.get('vary')).toBe('Accept-Encoding, Origin');
  });

  it('writes nothing for a non-varying non-CORS request', () => {
    const sink = new NodeLikeResponse();
    applyCorsDecision(evaluateCors({ method: 'GET' }, new CorsPolicyBuilder().allowAnyOrigin().build()), sink);
    expect(sink.headers.size).toBe(0);
  });

  it('works on a real ServerResponse', async () => {
    const server = createServer((_req, res: ServerResponse) => {
      res.setHeader('Vary', 'Accept');
      applyCorsDecision(actual, res);
      res.end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as { port: number };
      const res = await fetch(`http://127.0.0.1:${port}/`);
      expect(res.headers.get('vary')).toBe('Accept, Origin');
      expect(res.headers.get('access-control-allow-origin')).toBe('https://a.test');
    } finally {
      server.close();
    }
  });
});
