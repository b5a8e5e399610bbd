import { WEB_ORIGIN } from '../support/gateway-config';
import { call } from '../support/http';
import { useStack } from '../support/system';

/**
 * The property suite's look-alike origins, sent over real HTTP to the running
 * gateway: the shipped policies list only the
 * web origin, so no imitation of it may get an Access-Control-* header, on a
 * credentialed route (MixedPolicy) or a plain one (StrictMvc), for simple
 * requests and for preflights; the answer always varies by Origin.
 */

const u = new URL(WEB_ORIGIN); // http://localhost:7152
const LOOK_ALIKES = [
  `http://evil-${u.host}`,
  `http://${u.hostname}.evil.com:${u.port}`,
  `http://${u.hostname}:${u.port}.evil.com`,
  `http://evil${u.hostname}:${u.port}`,
  `https://${u.host}`,
  `http://${u.hostname}:${Number(u.port) + 1}`,
  `http://${u.hostname}`,
  `http://${u.hostname.toUpperCase()}:${u.port}`,
  `HTTP://${u.host}`,
  `http://${u.hostname}.:${u.port}`,
  `http://user@${u.host}`,
  `http://${u.host}@evil.com`,
  `${WEB_ORIGIN}/`,
  `${WEB_ORIGIN}, http://evil.com`,
  `http://evil.com, ${WEB_ORIGIN}`,
  `http://127.0.0.1:${u.port}`,
  'null',
  `${WEB_ORIGIN}${'a'.repeat(8_000)}`,
];

describe('the gateway refuses look-alike origins over HTTP', () => {
  const stack = useStack();

  const routes = [
    ['POST /users/user/login (MixedPolicy, credentials)', 'POST', '/users/user/login'],
    ['GET /users/health (StrictMvc)', 'GET', '/users/health'],
  ] as const;

  describe.each(routes)('%s', (_name, method, path) => {
    it('grants the real web origin (control)', async () => {
      const res = await call('OPTIONS', `${stack().gateway.url}${path}`, { headers: { origin: WEB_ORIGIN, 'access-control-request-method': method } });
      expect(res.headers.get('access-control-allow-origin')).toBe(WEB_ORIGIN);
    });

    it.each(LOOK_ALIKES.map((o) => [o.length > 100 ? `${o.slice(0, 40)}… (${o.length} chars)` : o, o]))('%s gets no Access-Control-* header', async (_label, origin) => {
      const simple = await call(method, `${stack().gateway.url}${path}`, {
        headers: { origin },
        ...(method === 'POST' ? { json: { EmailOrUserName: 'demo', Password: 'wrong-password', ClientId: 'web' } } : {}),
      });
      const preflight = await call('OPTIONS', `${stack().gateway.url}${path}`, {
        headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'content-type' },
      });
      for (const res of [simple, preflight]) {
        const names: string[] = [];
        res.headers.forEach((_v, k) => names.push(k));
        expect(names.filter((h) => h.startsWith('access-control-'))).toEqual([]);
        expect(res.status).toBeLessThan(500);
        expect((res.headers.get('vary') ?? '').toLowerCase()).toContain('origin');
      }
    });
  });
});
