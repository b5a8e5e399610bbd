import { launchChromium } from '@corsway/cors/testing';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { eventually } from '@corsway/testing';
import { type RunningSystem, startSystem } from '../support/system';

const TOKEN_KEY = 'corsway.accessToken';
const EVIL_HOST = 'evil.test';

/**
 * Cross-site request forgery against the cookie routes (refresh, logout,
 * logout-all), from Chromium, over the three built apps with the shipped
 * gateway config. The victim signs in on the web app; then two hostile
 * pages in the victim's browser try to revoke or rotate the session:
 *
 * - a SAME-SITE page on another port of the same host (its requests carry the
 *   SameSite=Strict refresh cookie: SameSite alone does not stop it);
 * - a CROSS-SITE page, http://evil.test:<port> (Chromium resolves it to
 *   127.0.0.1 through --host-resolver-rules).
 *
 * Each posts a top-level form and a `no-cors` fetch to every cookie route.
 * The gateway's CookieRoutes policy enforces the Origin, so each gets 403
 * before user-service, no Set-Cookie touches the victim's cookie, and the
 * victim's session still refreshes afterwards.
 */
describe('CSRF against the cookie routes, from Chromium', () => {
  let system: RunningSystem;
  let browser: Browser;
  let context: BrowserContext;
  let attacker: Server;
  let attackerPort: number;
  const ROUTES = ['refresh', 'logout', 'logout-all'];

  beforeAll(async () => {
    system = await startSystem({ cors: 'configured' });
    attacker = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>a page of another site</title>');
    });
    await new Promise<void>((r) => attacker.listen(0, '127.0.0.1', r));
    attackerPort = (attacker.address() as AddressInfo).port;
    browser = await launchChromium([`--host-resolver-rules=MAP ${EVIL_HOST} 127.0.0.1`]);
    context = await browser.newContext();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => attacker?.close(r));
    await system?.stop();
  });

  const gateway = () => system.gateway.url;
  // The cookie's Path is the refresh routes' (/users/user), so ask for a URL under it.
  const refreshCookie = async () => (await context.cookies(`${gateway()}/users/user/refresh`)).find((c) => c.name.includes('refresh'));

  async function signIn(): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${system.web.url}/`);
    await page.getByLabel('Email or user name').fill('demo');
    await page.getByLabel('Password').fill('Demo@12345');
    await page.getByLabel('Password').press('Enter');
    await page.waitForURL('**/Home');
    await page.locator('#profile-fields').waitFor();
    return page;
  }

  /** Home with a garbage access token: it must refresh with the cookie to show the profile. */
  async function stillRefreshes(page: Page): Promise<void> {
    await page.goto(`${system.web.url}/Home`);
    await page.evaluate((key) => sessionStorage.setItem(key, 'garbage'), TOKEN_KEY);
    await page.reload();
    await page.locator('#profile-fields').waitFor();
    expect(await page.locator('#profile-UserName').textContent()).toBe('demo');
  }

  async function formPost(page: Page, origin: string, route: string): Promise<string> {
    await page.goto(`${origin}/`);
    await page.setContent(
      `<form id="f" method="post" enctype="text/plain" action="${gateway()}/users/user/${route}"><input name='{"RefreshToken":"' value='"}'></form>`,
    );
    await Promise.all([page.waitForURL(`${gateway()}/users/user/${route}`), page.evaluate(() => (globalThis as unknown as { document: { getElementById(id: string): { submit(): void } } }).document.getElementById('f').submit())]);
    return (await page.textContent('body')) ?? '';
  }

  async function noCorsFetch(page: Page, origin: string, route: string): Promise<string> {
    await page.goto(`${origin}/`);
    return page.evaluate(async (url) => {
      const res = await fetch(url, { method: 'POST', mode: 'no-cors', credentials: 'include', body: '{}' });
      return res.type; // 'opaque': the page cannot read it, but the request was sent
    }, `${gateway()}/users/user/${route}`);
  }

  it.each([
    ['a same-site page on another port', () => `http://127.0.0.1:${attackerPort}`],
    ['a cross-site page', () => `http://${EVIL_HOST}:${attackerPort}`],
  ])('%s can neither revoke nor rotate the session', async (_name, originOf) => {
    const victim = await signIn();
    const before = await refreshCookie();
    expect(before).toBeDefined();
    const hostile = await context.newPage();
    const origin = originOf();
    for (const route of ROUTES) {
      const answer = await formPost(hostile, origin, route);
      expect(JSON.parse(answer)).toMatchObject({ Success: false, Data: null, Message: expect.stringContaining('was refused') });
      expect(await noCorsFetch(hostile, origin, route)).toBe('opaque');
    }
    await hostile.close();
    // No answer rotated or cleared the cookie, and the session is alive.
    expect((await refreshCookie())?.value).toBe(before?.value);
    await stillRefreshes(victim);
    await victim.close();
  });

  it('the gateway logged every refusal with its reason, naming the page\'s origin', async () => {
    const refusals = () => system.gateway.output().split('\n').filter((l) => l.includes('(answered 403: the policy enforces the origin)'));
    // 2 pages × 3 routes × (form + no-cors fetch).
    await eventually(() => refusals().length >= 12, 'the gateway to log 12 refusals');
    expect(refusals()).toHaveLength(12);
    for (const route of ROUTES) expect(refusals().filter((l) => l.includes(`POST /users/user/${route}:`))).toHaveLength(4);
    expect(refusals().filter((l) => l.includes(`http://${EVIL_HOST}:`))).toHaveLength(6);
  });
});
