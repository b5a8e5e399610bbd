import { CorsService } from '@corsway/cors';
import { CORS_HTTP_CASES, CORS_TEST_ALLOWED_ORIGIN, CORS_TEST_CONFIG, CORS_TEST_ENDPOINTS, checkCorsHttpCase, sendRaw, type CorsTestEndpoint } from '@corsway/cors/testing';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startGateway, type RunningGateway } from '../../testing/gateway-under-test.testing';
import { UpstreamServer } from '../../testing/upstream-server.testing';

/**
 * docs/ARCHITECTURE.md "one suite of CORS cases run over every host": the shared table of
 * @corsway/cors/testing, here with the endpoints as CONFIG ROUTES proxied to a
 * real upstream. The upstream answers with its own permissive CORS headers on
 * purpose: every case must still see only the gateway's policy (Ocelot #799).
 */
function serveEndpoint(req: IncomingMessage, res: ServerResponse): void {
  const path = (req.url ?? '/').split('?')[0];
  const endpoint = CORS_TEST_ENDPOINTS.find((e) => e.path === path && e.method === req.method);
  const leak = { 'access-control-allow-origin': '*', 'access-control-allow-credentials': 'true', 'access-control-allow-methods': '*' };
  const json = (status: number, extra: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...leak, ...extra });
    res.end(JSON.stringify({ Success: status < 400, Data: null, Message: String(status), Errors: null }));
  };
  if (!endpoint) return json(404);
  switch (endpoint.behaviour) {
    case 'ok':
      return json(200);
    case 'unauthorized':
      return json(401, { 'www-authenticate': 'Bearer' });
    case 'throws':
      return json(500);
    case 'vary':
      return json(200, { vary: 'Accept-Encoding' });
  }
}

function routeFor(e: CorsTestEndpoint) {
  return {
    upstream: e.path,
    downstream: e.path,
    service: 'cors-cases',
    methods: [e.method],
    ...(e.policy === 'default' ? {} : { cors: e.policy }),
  };
}

describe('shared CORS case table over the gateway (config routes, proxied)', () => {
  const upstream = new UpstreamServer('cors-cases');
  let gw: RunningGateway;

  beforeAll(async () => {
    await upstream.start();
    upstream.handler = serveEndpoint;
    gw = await startGateway({
      config: {
        cors: CORS_TEST_CONFIG,
        routes: CORS_TEST_ENDPOINTS.map(routeFor),
        discovery: { services: { 'cors-cases': [upstream.url] } },
      },
    });
  });
  afterAll(async () => {
    await gw?.close();
    await upstream.stop();
  });

  it.each(CORS_HTTP_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    expect(await checkCorsHttpCase(gw.url, c)).toEqual([]);
  });

  // The table again: every granted preflight of the first pass is now
  // answered by the preflight replay (cors/preflight-replay.ts), which must
  // give the same answers as the route match and CORS stages did.
  it.each(CORS_HTTP_CASES.map((c) => [c.name, c] as const))('%s (again: granted preflights answered by the replay)', async (_name, c) => {
    expect(await checkCorsHttpCase(gw.url, c)).toEqual([]);
  });

  it('a fault in CORS evaluation is a 500 envelope for that request, not a crashed gateway', async () => {
    const cors = gw.app.get(CorsService);
    const evaluate = jest.spyOn(cors, 'evaluate').mockImplementationOnce(() => {
      throw new Error('injected fault');
    });
    const failed = await sendRaw(gw.url, 'GET', '/cors-test/strict', { origin: CORS_TEST_ALLOWED_ORIGIN });
    expect(failed.status).toBe(500);
    expect(JSON.parse(failed.body)).toMatchObject({ Success: false, Message: expect.stringMatching(/CORS policy/) });
    expect(failed.headers['x-request-id']).toBeTruthy();
    evaluate.mockRestore();
    expect((await sendRaw(gw.url, 'GET', '/cors-test/strict', { origin: CORS_TEST_ALLOWED_ORIGIN })).status).toBe(200);
  });

  it('never forwards a preflight the policy answered', () => {
    expect(upstream.seen.filter((r) => r.method === 'OPTIONS' && r.headers['access-control-request-method'] && r.url !== '/cors-test/disabled')).toEqual([]);
  });
});
