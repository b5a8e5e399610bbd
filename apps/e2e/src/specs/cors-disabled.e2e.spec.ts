import { useE2eSystem } from '../support/e2e-suite';
import { eventually } from '../support/eventually';
import { screenshot } from '../support/screenshots';

/**
 * Issue 2, test 3: the seed's "before" state. The gateway runs with
 * `defaultPolicy: null` and no route names a policy, so no response carries
 * Access-Control-Allow-Origin and Chromium refuses the login call.
 */
describe('login with CORS off at the gateway (issue 2)', () => {
  const ctx = useE2eSystem('none', 'file');

  it('3. the page shows the "CORS issue" warning and the console reports the CORS block', async () => {
    const { page } = ctx.session;
    await page.goto(ctx.system.web.url + '/');
    await page.getByLabel('Email or user name').fill('demo');
    await page.getByLabel('Password').fill('Demo@12345');
    await page.getByRole('button', { name: 'Login' }).click();

    const warning = page.locator('#messages .alert-warning');
    await warning.waitFor();
    expect(await warning.textContent()).toContain('CORS issue: the gateway did not allow this origin');
    expect(await page.locator('#messages .alert-success, #messages .alert-danger').count()).toBe(0);

    const block = await eventually(
      () => ctx.session.console.find((line) => line.includes('blocked by CORS policy')),
      'a "blocked by CORS policy" console message',
    );
    expect(block).toContain(`${ctx.system.gateway.url}/users/user/login`);
    expect(block).toContain(`origin '${ctx.system.web.url}'`);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await screenshot(page, 'login-cors-blocked');
  });
});
