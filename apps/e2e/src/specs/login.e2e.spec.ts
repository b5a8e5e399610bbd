import { type BrowserSession, closeBrowser, openSession } from '../support/browser-session';
import { screenshot } from '../support/screenshots';
import { type RunningSystem, startSystem } from '../support/system';

/**
 * Issue 2: the cross-origin browser login, web (one origin) -> gateway
 * (another origin) -> user-service, with the gateway's shipped CORS config.
 */
describe('login through the gateway (issue 2)', () => {
  let system: RunningSystem;
  let session: BrowserSession;

  beforeAll(async () => {
    system = await startSystem('configured');
  });
  afterAll(async () => {
    await closeBrowser();
    await system?.stop();
  });
  beforeEach(async () => {
    session = await openSession();
  });
  afterEach(async () => {
    await session.close();
  });

  async function submitLogin(user: string, password: string) {
    const { page } = session;
    await page.goto(system.web.url + '/');
    await page.getByLabel('Email or user name').fill(user);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Login' }).click();
  }

  it('1. the demo user logs in: OPTIONS preflight answered 204 with Access-Control-Allow-Origin, then the POST 200', async () => {
    await submitLogin('demo', 'Demo@12345');
    const success = session.page.locator('#messages .alert-success');
    await success.waitFor();
    expect(await success.textContent()).toContain('Login successful');
    await screenshot(session.page, 'login-success');

    const loginUrl = `${system.gateway.url}/users/user/login`;
    const calls = session.network.filter((e) => e.url === loginUrl);
    const preflight = calls.find((e) => e.method === 'OPTIONS');
    const post = calls.find((e) => e.method === 'POST');
    expect(preflight).toMatchObject({ method: 'OPTIONS', status: 204 });
    expect(preflight?.responseHeaders?.['access-control-allow-origin']).toBe(system.web.url);
    expect(preflight?.responseHeaders?.['access-control-allow-credentials']).toBe('true');
    expect(post).toMatchObject({ status: 200 });
    expect(calls.indexOf(preflight!)).toBeLessThan(calls.indexOf(post!));
    expect(post?.responseHeaders?.['access-control-allow-origin']).toBe(system.web.url);

    // The access token is kept per tab, never in localStorage; then Home.
    await session.page.waitForURL('**/Home');
    const stored = await session.page.evaluate(() => ({
      session: sessionStorage.getItem('corsway.accessToken'),
      local: localStorage.length,
    }));
    expect(stored.session).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(stored.local).toBe(0);
  });

  it("2. a wrong password shows the API's Message in the danger alert", async () => {
    await submitLogin('demo', 'wrong-password');
    const danger = session.page.locator('#messages .alert-danger');
    await danger.waitFor();
    const post = session.network.find((e) => e.method === 'POST' && e.url.endsWith('/users/user/login'));
    expect(post?.status).toBe(401);
    // The text the API sent, read through the CORS headers the 401 kept.
    const apiMessage = await session.page.evaluate(async (url) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ EmailOrUserName: 'demo', Password: 'wrong-password', ClientId: 'web' }),
      });
      return ((await res.json()) as { Message: string }).Message;
    }, `${system.gateway.url}/users/user/login`);
    expect(apiMessage.length).toBeGreaterThan(0);
    expect(await danger.textContent()).toBe(apiMessage);
    expect(await session.page.locator('#messages .alert-warning').count()).toBe(0);
    await screenshot(session.page, 'login-wrong-password');
  });
});
