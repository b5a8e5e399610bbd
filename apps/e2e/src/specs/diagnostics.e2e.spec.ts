import { useE2eSystem } from '../support/e2e-suite';
import { screenshot } from '../support/screenshots';

/**
 * Diagnostics/Cors from the web origin against the gateway's shipped
 * policies (AllowAll default, StrictMvc on /users/{everything}, MixedPolicy on
 * the credentialed account routes). The browser's verdict and the CORS
 * library's explanation must agree, case by case.
 */
const EXPECTED: Record<string, 'allowed' | 'blocked'> = {
  // StrictMvc lists the web origin.
  simple: 'allowed',
  // MixedPolicy: any header and method for the web origin; preflight answered.
  'preflight-json': 'allowed',
  // StrictMvc allows only Content-Type and Authorization.
  'custom-header': 'blocked',
  // MixedPolicy allows credentials for the exact origin.
  credentialed: 'allowed',
  // StrictMvc does not allow credentials.
  'credentialed-strict': 'blocked',
};

describe('Diagnostics/Cors', () => {
  const ctx = useE2eSystem('configured', 'file');

  it('shows the expected allowed/blocked set, in the browser and from the library', async () => {
    const { page } = ctx.session;
    await page.goto(ctx.system.web.url + '/Diagnostics/Cors');
    await page.locator('#cors-cases[data-complete="true"]').waitFor();
    await screenshot(page, 'diagnostics-cors');
    // The gateway is up, seen from both sides: so "blocked" below really is CORS.
    expect(await page.locator('#gateway-browser').getAttribute('data-state')).toBe('reachable');
    expect(await page.locator('#gateway-server').getAttribute('data-state')).toBe('reachable');

    const rows = await page.locator('#cors-cases tbody tr').evaluateAll((trs) =>
      trs.map((tr) => ({
        id: tr.getAttribute('data-case-id') ?? '',
        browser: tr.querySelector('[data-browser-result]')?.getAttribute('data-state'),
        library: tr.querySelector('[data-library-result]')?.getAttribute('data-state'),
        explanation: tr.querySelector('[data-library-explanation]')?.textContent ?? '',
      })),
    );
    expect(Object.fromEntries(rows.map((r) => [r.id, r.browser]))).toEqual(EXPECTED);
    expect(Object.fromEntries(rows.map((r) => [r.id, r.library]))).toEqual(EXPECTED);
    // The library says why, in words a developer can act on.
    const explanation = Object.fromEntries(rows.map((r) => [r.id, r.explanation]));
    for (const [id, verdict] of Object.entries(EXPECTED)) expect(explanation[id]).toMatch(new RegExp(`^${verdict}:`));
    expect(explanation['custom-header']).toContain('Request header field x-api-key is not allowed by Access-Control-Allow-Headers in preflight response');
    expect(explanation['credentialed-strict']).toContain('Access-Control-Allow-Credentials');
  });
});
