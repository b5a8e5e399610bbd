import { useE2eSystem } from '../support/e2e-suite';
import { eventually } from '@corsway/testing';
import { screenshot } from '../support/screenshots';
import { submitLoginForm } from '../support/login-form';

/**
 * A stopped gateway is not a CORS error. To page scripts both are the same
 * "network error"; the pages probe the gateway's /health with mode no-cors
 * (which fails only when nothing answers) to say which one it was.
 */
describe('gateway stopped: the pages say "unreachable", not "CORS"', () => {
  const ctx = useE2eSystem('configured', 'file');

  beforeAll(async () => {
    await ctx.system.gateway.stop();
  });

  it('login shows "Gateway unreachable", never the CORS warning; the console has the connection error, no CORS block', async () => {
    const { page } = ctx.session;
    await page.goto(ctx.system.web.url + '/');
    await submitLoginForm(page);

    const warning = page.locator('#messages .alert-warning');
    await warning.waitFor();
    const text = await warning.textContent();
    expect(text).toContain(`Gateway unreachable: nothing answered at ${ctx.system.gateway.url}`);
    expect(text).toContain('This is not a CORS error');
    expect(text).not.toContain('CORS issue');
    await eventually(() => ctx.session.console.find((line) => line.includes('ERR_CONNECTION_REFUSED')), 'ERR_CONNECTION_REFUSED in the console');
    expect(ctx.session.console.filter((line) => line.includes('blocked by CORS policy'))).toEqual([]);
    await screenshot(page, 'login-gateway-down');
  });

  it('Diagnostics: the browser and the server both report the gateway unreachable, and no case is called "blocked"', async () => {
    const { page } = ctx.session;
    await page.goto(ctx.system.web.url + '/Diagnostics/Cors');
    await page.locator('#cors-cases[data-complete="true"]').waitFor();
    expect(await page.locator('#gateway-browser').getAttribute('data-state')).toBe('unreachable');
    expect(await page.locator('#gateway-server').getAttribute('data-state')).toBe('unreachable');
    expect(await page.locator('#gateway-server-detail').textContent()).toContain('ECONNREFUSED');
    const states = await page.locator('[data-browser-result]').evaluateAll((els) => els.map((el) => el.getAttribute('data-state')));
    expect(states.length).toBeGreaterThan(0);
    expect(new Set(states)).toEqual(new Set(['unreachable']));
    await screenshot(page, 'diagnostics-gateway-down');
  });
});
