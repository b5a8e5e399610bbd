import { eventually, scrapeMetrics } from '@corsway/testing';
import { Client } from 'pg';
import { CLI_CLIENT, PASSWORD, login, registerAccount } from '../../test/fixtures';
import { post } from '../../test/http-client';
import { startTestApp, type TestApp } from '../../test/test-app';

const POSTGRES = { engine: 'postgres' };
const gauges = async (url: string) => {
  const m = await scrapeMetrics(url);
  return {
    open: m.value('user_service_db_pool_connections', POSTGRES),
    idle: m.value('user_service_db_pool_idle_connections', POSTGRES),
    waiting: m.value('user_service_db_pool_waiting_requests', POSTGRES),
    max: m.value('user_service_db_pool_max_connections', POSTGRES),
  };
};

// The pg.Pool gauges against what PostgreSQL itself sees: a table lock held from outside makes
// every refresh hold a pool connection until it is released, so the pool's state is known exactly.
describe('PostgreSQL pool gauges', () => {
  let t: TestApp;
  let holder: Client;
  // Counts backends from its own connection, outside the holder's transaction: PostgreSQL reads
  // pg_stat_activity once per transaction and serves that snapshot until it ends (the manual's
  // "Cumulative Statistics System", viewing statistics), so a count taken inside the holder's
  // transaction would never see a pool connection that started after the first look.
  let observer: Client;
  let holderPid: number;
  let database: string;
  /** Backends connected to the test database, the lock holder's and the observer's excepted. */
  const backends = async () =>
    Number(
      (
        await observer.query(
          'SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1 AND pid NOT IN (pg_backend_pid(), $2)',
          [database, holderPid],
        )
      ).rows[0].n,
    );

  beforeAll(async () => {
    t = await startTestApp('postgres');
    database = new URL(t.storage.databaseUrl).pathname.slice(1);
    holder = new Client({ connectionString: t.storage.databaseUrl });
    observer = new Client({ connectionString: t.storage.databaseUrl });
    await Promise.all([holder.connect(), observer.connect()]);
    holderPid = (await holder.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
  });
  afterAll(async () => {
    await Promise.all([holder.end(), observer.end()]);
    await t.close();
  });

  it('report the open connections PostgreSQL counts, and all of them idle at rest', async () => {
    const g = await gauges(t.url);
    expect(g.open).toBeGreaterThan(0); // the migrations' connections stay in the pool
    expect(g).toEqual({ open: await backends(), idle: g.open, waiting: 0, max: 10 });
  });

  it('under a held lock: every connection busy, and exactly the requests beyond the pool size waiting', async () => {
    const account = await registerAccount(t.url);
    const session = await login(t.url, account.UserName, PASSWORD, {}, CLI_CLIENT);
    const token = session.body.Data!.RefreshToken!;
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE refresh_tokens IN ACCESS EXCLUSIVE MODE');
    // Each refresh reads refresh_tokens first: it blocks on the lock holding a connection.
    const refreshes = Array.from({ length: 12 }, () => post(`${t.url}/user/refresh`, { RefreshToken: token }));
    try {
      await eventually(async () => (await gauges(t.url)).waiting === 2, 'two refreshes waiting for a connection');
      expect(await gauges(t.url)).toEqual({ open: 10, idle: 0, waiting: 2, max: 10 });
      // pg.Pool counts a connection as open from the moment it starts connecting; PostgreSQL
      // lists it once its backend has started, which on a loaded machine comes later.
      await eventually(async () => (await backends()) === 10, 'PostgreSQL listing the pool\'s ten connections');
    } finally {
      await holder.query('COMMIT');
      // Whatever failed above, no refresh is left in flight when the app is closed.
      await Promise.allSettled(refreshes);
    }
    const statuses = (await Promise.all(refreshes)).map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1); // one rotation, the rest lost the race
    const after = await gauges(t.url);
    expect(after).toEqual({ open: after.open, idle: after.open, waiting: 0, max: 10 });
    expect(after.open).toBe(10);
  });
});
