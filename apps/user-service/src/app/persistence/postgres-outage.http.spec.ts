import { login, registerAccount } from '../../test/fixtures';
import { request } from '../../test/http-client';
import { admin, terminateConnections } from '../../test/postgres-test-database';
import { startTestApp, type TestApp } from '../../test/test-app';

/** Polls until `check` passes or the deadline is reached (a recovery wait, not a timing assertion). */
async function eventually(check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// PostgreSQL going away under the service (restart, failover): the process
// survives, requests during the outage get 503 + Retry-After in the envelope,
// and it recovers by itself.
describe('PostgreSQL outage', () => {
  let t: TestApp;
  let database: string;

  beforeAll(async () => {
    t = await startTestApp('postgres');
    database = new URL(t.storage.databaseUrl).pathname.slice(1);
  });
  afterAll(async () => {
    await admin(`ALTER DATABASE ${database} ALLOW_CONNECTIONS true`).catch(() => undefined);
    await t.close();
  });

  it('survives its idle connections being killed and keeps serving', async () => {
    const a = await registerAccount(t.url);
    await terminateConnections(database); // an unhandled pool 'error' here would crash the process
    await eventually(async () => (await login(t.url, a.UserName)).status === 200);
    expect((await request(`${t.url}/health`)).status).toBe(200);
  });

  it('answers 503 with Retry-After while the database refuses connections, then recovers by itself', async () => {
    const a = await registerAccount(t.url);
    await admin(`ALTER DATABASE ${database} ALLOW_CONNECTIONS false`);
    await terminateConnections(database);

    await eventually(async () => (await login(t.url, a.UserName)).status === 503);
    const res = await login(t.url, a.UserName);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(res.body).toEqual({
      Success: false,
      Data: null,
      Message: expect.stringMatching(/temporarily unavailable/),
      Errors: null,
    });
    expect((await request(`${t.url}/health`)).status).toBe(503);

    await admin(`ALTER DATABASE ${database} ALLOW_CONNECTIONS true`);
    await eventually(async () => (await login(t.url, a.UserName)).status === 200);
  });
});
