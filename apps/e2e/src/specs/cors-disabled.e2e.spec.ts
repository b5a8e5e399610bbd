import { useE2eSystem } from '../support/e2e-suite';
import { eventually } from '@corsway/testing';
import { saveTranscript, screenshot } from '../support/screenshots';
import { submitLoginForm } from '../support/login-form';

/**
 * The tutorial's "before": the gateway runs the shipped
 * `gateway.cors-off.config.json` (what `npm start -- --cors=off` runs): no
 * policy at all, so no response carries Access-Control-Allow-Origin and
 * Chromium refuses the login call. The "after" is login.e2e.spec.ts.
 */
describe('the lesson, before: login with CORS off at the gateway', () => {
  const ctx = useE2eSystem('none', 'file');

  it('the page shows the "CORS issue" warning (not "unreachable") and the console reports the CORS block', async () => {
    const { page } = ctx.session;
    await page.goto(ctx.system.web.url + '/');
    await submitLoginForm(page);

    const warning = page.locator('#messages .alert-warning');
    await warning.waitFor();
    expect(await warning.textContent()).toContain('CORS issue: the gateway did not allow this origin');
    expect(await warning.textContent()).not.toContain('unreachable');
    expect(await page.locator('#messages .alert-success, #messages .alert-danger').count()).toBe(0);

    const block = await eventually(
      () => ctx.session.console.find((line) => line.includes('blocked by CORS policy')),
      'a "blocked by CORS policy" console message',
    );
    expect(block).toContain(`${ctx.system.gateway.url}/users/user/login`);
    expect(block).toContain(`origin '${ctx.system.web.url}'`);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);

    // The preflight as DevTools shows it: asked, and answered without any Access-Control-* header.
    const preflight = await eventually(
      () => ctx.session.network.find((e) => e.method === 'OPTIONS' && e.url.endsWith('/users/user/login') && e.status !== undefined),
      'the answered preflight',
    );
    expect(preflight.requestHeaders['access-control-request-method']).toBe('POST');
    expect(Object.keys(preflight.responseHeaders ?? {}).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    saveTranscript('lesson-before-preflight', { console: block, request: preflight.requestHeaders, status: preflight.status, response: preflight.responseHeaders });
    await screenshot(page, 'login-cors-blocked');
  });
});
