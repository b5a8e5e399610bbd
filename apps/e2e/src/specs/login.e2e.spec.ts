import { preflightAndCall } from '../support/network-log';
import { useE2eSystem } from '../support/e2e-suite';
import { holdNavigation } from '../support/hold-navigation';
import { saveTranscript, screenshot } from '../support/screenshots';
import { submitLoginForm } from '../support/login-form';

/**
 * The cross-origin browser login, web (one origin) -> gateway
 * (another origin) -> user-service, with the gateway's shipped CORS config.
 */
describe('login through the gateway', () => {
  const ctx = useE2eSystem('configured');

  async function submitLogin(user: string, password: string) {
    const { page } = ctx.session;
    await page.goto(ctx.system.web.url + '/');
    await submitLoginForm(page, user, password);
  }

  it('1. the demo user logs in: OPTIONS preflight answered 204 with Access-Control-Allow-Origin, then the POST 200', async () => {
    const { page } = ctx.session;
    // Hold the page's move to Home until the success alert was read and photographed
    // (login.js navigates shortly after showing it; a loaded machine must not race that).
    const release = await holdNavigation(page, `${ctx.system.web.url}/Home`);
    await submitLogin('demo', 'Demo@12345');
    const success = page.locator('#messages .alert-success');
    await success.waitFor();
    expect(await success.textContent()).toBe('Login successful. Welcome, Demo User!');
    await screenshot(page, 'login-success');
    release();

    const loginUrl = `${ctx.system.gateway.url}/users/user/login`;
    const calls = await preflightAndCall(ctx.session.network, loginUrl);
    const preflight = calls.find((e) => e.method === 'OPTIONS');
    const post = calls.find((e) => e.method === 'POST');
    expect(preflight).toMatchObject({ method: 'OPTIONS', status: 204 });
    expect(preflight?.responseHeaders?.['access-control-allow-origin']).toBe(ctx.system.web.url);
    expect(preflight?.responseHeaders?.['access-control-allow-credentials']).toBe('true');
    expect(post).toMatchObject({ status: 200 });
    // The preflight was answered before the POST (the POST is only sent once the preflight passed).
    expect(preflight!.responseIndex!).toBeLessThan(post!.responseIndex!);
    expect(post?.responseHeaders?.['access-control-allow-origin']).toBe(ctx.system.web.url);
    saveTranscript('lesson-after-preflight', {
      preflight: { request: preflight?.requestHeaders, status: preflight?.status, response: preflight?.responseHeaders },
      post: { status: post?.status, response: post?.responseHeaders },
    });

    // The access token is kept per tab, never in localStorage; then Home.
    await ctx.session.page.waitForURL('**/Home');
    const stored = await ctx.session.page.evaluate(() => ({
      session: sessionStorage.getItem('corsway.accessToken'),
      local: localStorage.length,
    }));
    expect(stored.session).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(stored.local).toBe(0);
  });

  it("2. a wrong password shows the API's Message in the danger alert", async () => {
    await submitLogin('demo', 'wrong-password');
    const danger = ctx.session.page.locator('#messages .alert-danger');
    await danger.waitFor();
    const post = ctx.session.network.find((e) => e.method === 'POST' && e.url.endsWith('/users/user/login'));
    expect(post?.status).toBe(401);
    // The text the API sent, read through the CORS headers the 401 kept.
    const apiMessage = await ctx.session.page.evaluate(async (url) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ EmailOrUserName: 'demo', Password: 'wrong-password', ClientId: 'web' }),
      });
      return ((await res.json()) as { Message: string }).Message;
    }, `${ctx.system.gateway.url}/users/user/login`);
    expect(apiMessage.length).toBeGreaterThan(0);
    expect(await danger.textContent()).toBe(apiMessage);
    expect(await ctx.session.page.locator('#messages .alert-warning').count()).toBe(0);
    await screenshot(ctx.session.page, 'login-wrong-password');
  });
});
