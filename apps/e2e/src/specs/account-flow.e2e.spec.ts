import { useE2eSystem } from '../support/e2e-suite';
import { eventually } from '@corsway/testing';
import { holdNavigation } from '../support/hold-navigation';
import { screenshot } from '../support/screenshots';

const TOKEN_KEY = 'corsway.accessToken';

/**
 * The web app's account flows in Chromium over the three real apps.
 * The hardest CORS case is the silent refresh: a credentialed cross-origin
 * POST whose HttpOnly cookie was set by user-service through the gateway.
 */
describe('account flows in the browser', () => {
  const ctx = useE2eSystem('configured');

  async function register(fields: { Email: string; UserName: string; Password: string; DisplayName?: string }) {
    const { page } = ctx.session;
    await page.goto(ctx.system.web.url + '/Account/Register');
    await page.getByLabel('Email').fill(fields.Email);
    await page.getByLabel('User name').fill(fields.UserName);
    if (fields.DisplayName !== undefined) await page.getByLabel('Display name (optional)').fill(fields.DisplayName);
    await page.getByLabel('Password').fill(fields.Password);
  }

  async function login(user: string, password: string) {
    const { page } = ctx.session;
    await page.getByLabel('Email or user name').fill(user);
    await page.getByLabel('Password').fill(password);
    await page.getByLabel('Password').press('Enter'); // keyboard only
  }

  const profileText = (name: string) => ctx.session.page.locator(`#profile-${name}`).textContent();

  it('register -> login -> Home profile -> garbage access token -> silent refresh -> logout', async () => {
    const { page } = ctx.session;
    await register({ Email: 'ada@example.com', UserName: 'ada', Password: 'Ada@Lovelace1', DisplayName: 'Ada Lovelace' });
    await screenshot(page, 'register');
    await page.getByRole('button', { name: 'Create account' }).click();

    await page.waitForURL('**/Account/Login?reason=registered');
    expect(await page.locator('#messages .alert-success').textContent()).toContain('Your account was created');
    await screenshot(page, 'login');

    const loginAnswer = page.waitForResponse((r) => r.url().endsWith('/users/user/login') && r.request().method() === 'POST');
    await login('ada', 'Ada@Lovelace1');
    // The browser client gets the refresh token only in the HttpOnly cookie: page script never sees it.
    const loginBody = (await (await loginAnswer).json()) as { Data: Record<string, unknown> };
    expect(loginBody.Data['AccessToken']).toEqual(expect.any(String));
    expect(loginBody.Data).not.toHaveProperty('RefreshToken');
    await page.waitForURL('**/Home');
    await page.locator('#profile-fields').waitFor();
    expect(await profileText('DisplayName')).toBe('Ada Lovelace');
    expect(await profileText('UserName')).toBe('ada');
    expect(await profileText('Email')).toBe('ada@example.com');
    await screenshot(page, 'home');

    // The refresh token is an HttpOnly cookie of the gateway's origin: stored, but invisible to scripts,
    // and scoped to the refresh/logout path, so the web app (another port of the same host) never gets it.
    const cookies = await ctx.session.context.cookies(`${ctx.system.gateway.url}/users/user/refresh`);
    expect(cookies.find((c) => c.name === 'refresh_token')).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/users/user' });
    expect((await ctx.session.context.cookies(ctx.system.web.url)).map((c) => c.name)).not.toContain('refresh_token');
    expect(await page.evaluate(() => document.cookie)).not.toContain('refresh_token');

    // Replace the access token with garbage: /me answers 401, home.js refreshes once with the cookie and retries.
    await page.evaluate((key) => sessionStorage.setItem(key, 'garbage'), TOKEN_KEY);
    ctx.session.network.length = 0;
    await page.reload();
    await page.locator('#profile-fields').waitFor();
    expect(await profileText('UserName')).toBe('ada');
    const me = `${ctx.system.gateway.url}/users/user/me`;
    const refresh = `${ctx.system.gateway.url}/users/user/refresh`;
    const calls = ctx.session.network.filter((e) => e.method !== 'OPTIONS' && (e.url === me || e.url === refresh));
    expect(calls.map((e) => `${e.method} ${e.url === me ? 'me' : 'refresh'} ${e.status}`)).toEqual([
      'GET me 401',
      'POST refresh 200',
      'GET me 200',
    ]);
    // Credentialed CORS: the exact origin and Allow-Credentials, or the browser would hide the answer.
    const refreshCall = calls[1];
    expect(refreshCall.responseHeaders?.['access-control-allow-origin']).toBe(ctx.system.web.url);
    expect(refreshCall.responseHeaders?.['access-control-allow-credentials']).toBe('true');
    const newToken = await page.evaluate((key) => sessionStorage.getItem(key), TOKEN_KEY);
    expect(newToken).not.toBe('garbage');
    expect(newToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

    // Logout revokes the refresh token and clears the page state.
    await page.getByRole('button', { name: 'Logout' }).click();
    await page.waitForURL('**/Account/Login?reason=loggedOut');
    expect(await page.locator('#messages .alert-info').textContent()).toContain('signed out');
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);

    // Home without a session: the refresh fails, back to login.
    await page.goto(ctx.system.web.url + '/Home');
    await page.waitForURL('**/Account/Login?reason=expired');
    expect(ctx.session.dialogs).toEqual([]);
  });

  it('bad registration shows each field error under its field', async () => {
    const { page } = ctx.session;
    await register({ Email: 'not-an-email', UserName: 'x', Password: 'short' });
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.locator('#Email.is-invalid').waitFor();

    for (const [field, text] of [
      ['Email', 'Email must be a valid email address'],
      ['UserName', 'User name must be 3-32 characters'], // the API's field name, shown as the label people typed into
      ['Password', 'Password must be at least 8 characters'],
    ]) {
      const input = page.locator(`#${field}`);
      expect(await input.getAttribute('class')).toContain('is-invalid');
      expect(await input.getAttribute('aria-invalid')).toBe('true');
      const feedback = page.locator(`#${field}-error`);
      expect(await feedback.isVisible()).toBe(true);
      expect(await feedback.textContent()).toContain(text);
    }
    expect(await page.locator('#DisplayName').getAttribute('class')).not.toContain('is-invalid');
    expect((await page.locator('#messages .alert-danger').textContent())?.length).toBeGreaterThan(0);
    // Focus moves to the first invalid field for keyboard and screen-reader users.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('Email');
    await screenshot(page, 'register-field-errors');
  });

  it('an API message carrying <script> is shown as text, never run', async () => {
    const { page } = ctx.session;
    // The display name comes back from user-service in the login answer and in /me.
    const payload = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">';
    await register({ Email: 'mallory@example.com', UserName: 'mallory', Password: 'Mallory@123', DisplayName: payload });
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL('**/Account/Login?reason=registered');

    const release = await holdNavigation(page, `${ctx.system.web.url}/Home`);
    await login('mallory', 'Mallory@123');
    const success = page.locator('#messages .alert-success');
    await success.waitFor();
    expect(await success.textContent()).toBe(`Login successful. Welcome, ${payload}!`);
    expect(await page.locator('#messages script, #messages img').count()).toBe(0);
    await screenshot(page, 'login-message-as-text');
    release();

    await page.waitForURL('**/Home');
    await page.locator('#profile-fields').waitFor();
    expect(await profileText('DisplayName')).toBe(payload);
    expect(await page.locator('#profile script, #profile img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(ctx.session.dialogs).toEqual([]);
  });

  it('keeps the CSP: no violation reported while the pages run', async () => {
    const { page } = ctx.session;
    await page.goto(ctx.system.web.url + '/');
    await page.goto(ctx.system.web.url + '/Account/Register');
    await page.goto(ctx.system.web.url + '/Diagnostics/Cors');
    await eventually(() => page.locator('#cors-cases[data-complete="true"]').count(), 'the diagnostics run to finish');
    expect(ctx.session.console.filter((line) => /Content Security Policy/i.test(line))).toEqual([]);
  });
});
