import { useE2eSystem } from '../support/e2e-suite';

/**
 * A login body larger than user-service accepts (64 KiB) but within what the
 * gateway forwards (10 MiB, streamed), sent by the web app's page in
 * Chromium. The service refuses it unread; the page must still read that
 * answer: a 413 envelope saying what to fix, with the CORS grant. It read a
 * 502 "invalid or incomplete response" when the service closed the
 * connection on the unread body (user-service's http/refused-body.hook.ts).
 */
describe('a body larger than user-service accepts, from the web app\'s page in Chromium', () => {
  const ctx = useE2eSystem('configured', 'file');

  it('the page reads the service\'s 413 envelope, and the next login on the page works', async () => {
    const { page } = ctx.session;
    await page.goto(ctx.system.web.url + '/');
    const login = (password: string) =>
      page.evaluate(
        async ({ gateway, password }) => {
          const body = JSON.stringify({ EmailOrUserName: 'demo', Password: password, ClientId: 'web' });
          const res = await fetch(`${gateway}/users/user/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
          return { status: res.status, body: await res.json() };
        },
        { gateway: ctx.system.gateway.url, password },
      );
    expect(await login('x'.repeat(3_000_000))).toEqual({
      status: 413,
      body: { Success: false, Data: null, Errors: null, Message: 'The request body is larger than 65536 bytes. Send a smaller body.' },
    });
    const next = await login('not the password');
    expect(next.status).toBe(401);
    expect(next.body.Success).toBe(false);
  });
});
