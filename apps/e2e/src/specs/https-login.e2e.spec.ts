import { preflightAndCall } from '../support/network-log';
import { useE2eSystem } from '../support/e2e-suite';
import { holdNavigation } from '../support/hold-navigation';
import { screenshot } from '../support/screenshots';
import { submitLoginForm } from '../support/login-form';

/**
 * The tutorial's setup: web, gateway and user-service all on https://, with a
 * certificate chained to a local development CA (libs/dev-certs; the apps get
 * it through TLS_CERT_FILE/TLS_KEY_FILE and trust the CA for their own calls
 * through NODE_EXTRA_CA_CERTS). This browser context alone accepts that CA.
 */
describe('login over HTTPS, like the tutorial (web, gateway and user-service on https://)', () => {
  const ctx = useE2eSystem('configured', 'test', { https: true });

  it('the page is a secure context with HSTS; preflight 204 and POST 200 over TLS; then Home shows the profile fetched through the gateway', async () => {
    const { page } = ctx.session;
    for (const app of [ctx.system.web, ctx.system.gateway, ctx.system.userService]) expect(app.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);

    const response = await page.goto(ctx.system.web.url + '/');
    expect(response?.headers()['strict-transport-security']).toBe('max-age=3600');
    expect(await page.evaluate(() => window.isSecureContext)).toBe(true);

    const release = await holdNavigation(page, `${ctx.system.web.url}/Home`);
    await submitLoginForm(page);
    const success = page.locator('#messages .alert-success');
    await success.waitFor();
    expect(await success.textContent()).toContain('Welcome, Demo User!');
    await screenshot(page, 'login-https');
    release();

    const loginUrl = `${ctx.system.gateway.url}/users/user/login`;
    const calls = await preflightAndCall(ctx.session.network, loginUrl);
    const preflight = calls.find((e) => e.method === 'OPTIONS');
    expect(preflight).toMatchObject({ status: 204 });
    expect(preflight?.requestHeaders['origin']).toBe(ctx.system.web.url);
    expect(preflight?.responseHeaders?.['access-control-allow-origin']).toBe(ctx.system.web.url);
    expect(calls.find((e) => e.method === 'POST')).toMatchObject({ status: 200 });

    // Home: GET /users/user/me through the gateway, which proxies to user-service over TLS and verifies the JWT against its JWKS over TLS.
    await page.waitForURL('**/Home');
    await page.locator('#profile-fields').waitFor();
    expect(await page.locator('#profile-UserName').textContent()).toBe('demo');

    // Signed in: the navbar names the user and offers Logout instead of Register/Login.
    expect(await page.locator('#nav-signed-in').isVisible()).toBe(true);
    expect(await page.locator('#nav-signed-out').isVisible()).toBe(false);
    expect(await page.locator('#nav-user-name').textContent()).toBe('Demo User');
    await screenshot(page, 'home-https');
    await page.locator('#nav-logout').click();
    await page.waitForURL('**/Account/Login?reason=loggedOut');
    expect(await page.locator('#nav-signed-out').isVisible()).toBe(true);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  });
});
