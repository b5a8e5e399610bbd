import { eventually, TcpProxy } from '@corsway/testing';
import { Client } from 'pg';
import { login, registerAccount } from '../../test/fixtures';
import { request } from '../../test/http-client';
import { createTestStorage, type TestStorage } from '../../test/engines';
import { admin, PG_ADMIN_URL, terminateConnections } from '../../test/postgres-test-database';
import { startTestApp, type TestApp } from '../../test/test-app';

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
    await eventually(async () => (await login(t.url, a.UserName)).status === 200, 'logins to work again', 15_000, 100);
    expect((await request(`${t.url}/health`)).status).toBe(200);
  });

  it('answers 503 with Retry-After while the database refuses connections, then recovers by itself', async () => {
    const a = await registerAccount(t.url);
    await admin(`ALTER DATABASE ${database} ALLOW_CONNECTIONS false`);
    await terminateConnections(database);

    await eventually(async () => (await login(t.url, a.UserName)).status === 503, 'a 503', 15_000, 100);
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
    await eventually(async () => (await login(t.url, a.UserName)).status === 200, 'logins to work again', 15_000, 100);
  });
});

/** The answer, or null when there is none within `ms` (a hang must fail the test, not time it out). */
async function within<T>(ms: number, work: Promise<T>): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

// PostgreSQL up but not answering: a table locked by another session (a long
// migration, a forgotten admin transaction), or a network that stops
// delivering. Without statement timeouts a login waited for as long as that
// lasted (20 s and counting, measured, while /health said 200), each one
// holding one of the pool's 10 connections.
describe('PostgreSQL not answering', () => {
  const timeouts = { statementMs: 500, responseMs: 1_500 };
  let storage: TestStorage;
  let proxy: TcpProxy;
  let t: TestApp;
  let database: string;

  beforeAll(async () => {
    storage = await createTestStorage('postgres');
    const url = new URL(storage.databaseUrl);
    proxy = await TcpProxy.start(url.hostname, Number(url.port || 5432));
    database = url.pathname.slice(1);
    url.port = String(proxy.port);
    t = await startTestApp('postgres', { storage, config: { databaseUrl: url.toString(), postgresTimeouts: timeouts } });
  });
  afterAll(async () => {
    await t?.close();
    await proxy?.stop();
    await storage?.dispose();
  });

  it('a locked table: 503 with Retry-After at the statement timeout, and logins work again once the lock is gone', async () => {
    const a = await registerAccount(t.url);
    const locker = new Client({ connectionString: PG_ADMIN_URL.replace(/\/test$/, `/${database}`) });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE users IN ACCESS EXCLUSIVE MODE');
      const started = performance.now();
      const res = await within(5_000, login(t.url, a.UserName));
      expect(res?.status).toBe(503);
      expect(res?.headers.get('retry-after')).toBe('5');
      expect(res?.body).toMatchObject({ Success: false, Message: expect.stringMatching(/temporarily unavailable/) });
      expect(performance.now() - started).toBeLessThan(timeouts.responseMs);
    } finally {
      await locker.query('ROLLBACK').catch(() => undefined);
      await locker.end();
    }
    expect((await login(t.url, a.UserName)).status).toBe(200);
  });

  it('a network that stops delivering: 503 at the response timeout, the stuck connection dropped, and logins work again after', async () => {
    const a = await registerAccount(t.url);
    proxy.pause();
    try {
      const res = await within(5_000, login(t.url, a.UserName));
      expect(res?.status).toBe(503);
      expect(res?.headers.get('retry-after')).toBe('5');
    } finally {
      proxy.resume();
    }
    await eventually(async () => (await login(t.url, a.UserName)).status === 200, 'logins to work again', 10_000, 100);
  });
});
