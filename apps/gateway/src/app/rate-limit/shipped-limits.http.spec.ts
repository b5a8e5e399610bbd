import { send } from '@corsway/testing';
import { startGateway, type RunningGateway } from '../../testing/gateway-under-test.testing';
import { shippedGatewayConfig } from '../../testing/shipped-config.testing';
import { UpstreamServer } from '../../testing/upstream-server.testing';

const ORIGIN = 'http://localhost:7152';

/**
 * The routes where one client address can cost user-service a password hash
 * (argon2, tens of milliseconds of CPU) on every request: the shipped config
 * must bound each at the edge, before the request reaches the service. Signing
 * in is limited per minute; creating an account, which a person does once, far
 * tighter (otherwise only user-service's shared per-address throttle, 100
 * requests a minute across every route, bounded it: 100 new accounts a minute).
 */
describe('the shipped config bounds what one client address can make user-service hash', () => {
  const service = new UpstreamServer('user-service');
  let gw: RunningGateway;

  beforeAll(async () => {
    await service.start();
    gw = await startGateway({ config: { ...shippedGatewayConfig(), discovery: { services: { 'user-service': [service.url] } } } });
  });
  afterAll(async () => {
    await gw?.close();
    await service.stop();
  });

  it.each([
    ['/users/user/login', '/user/login', 20, 60],
    ['/users/user/register', '/user/register', 10, 600],
  ])('POST %s (service %s): %d in a %d s window, then 429 with Retry-After, nothing more forwarded', async (path, servicePath, limit, windowSeconds) => {
    const post = () => send(`${gw.url}${path}`, { method: 'POST', headers: { origin: ORIGIN, 'content-type': 'application/json' }, body: '{}' });
    const reached = () => service.seen.filter((r) => r.url === servicePath).length;
    const statuses: number[] = [];
    for (let i = 0; i < limit; i++) statuses.push((await post()).status);
    expect(statuses).toEqual(Array(limit).fill(200));
    expect(reached()).toBe(limit);

    const refused = await post();
    expect(refused.status).toBe(429);
    expect(refused.json()).toMatchObject({ Success: false, Data: null, Message: expect.stringContaining(`this route allows ${limit} per ${windowSeconds} s`) });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(windowSeconds);
    expect(refused.headers['access-control-allow-origin']).toBe(ORIGIN); // the page can read why
    expect(reached()).toBe(limit);
  });

  it('the register route keeps the policy the catch-all gave it (StrictMvc: the page is not credentialed)', async () => {
    const res = await send(`${gw.url}/users/user/register`, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
  });
});
