import type { LoginData } from '@corsway/contracts';
import { MetricsServer } from '@corsway/metrics';
import { eventually, scrapeMetrics, send, type MetricSamples } from '@corsway/testing';
import { availableParallelism } from 'node:os';
import { CLI_CLIENT, PASSWORD, login, newAccount } from '../../test/fixtures';
import { post, request } from '../../test/http-client';
import { startTestApp, type TestApp } from '../../test/test-app';
import { LOGIN_OUTCOMES, type LoginOutcome } from '../accounts/login-outcome';
import { createUserServiceApp } from '../create-user-service-app';

const LOGINS = 'user_service_logins_total';
const HASH_WAITS = 'user_service_password_hash_wait_seconds_count';
const QUEUE_DEPTH = 'user_service_password_hash_queue_depth';
const ROTATIONS = 'user_service_refresh_rotations_total';
const REUSES = 'user_service_refresh_token_reuse_total';
// Short, so the replay test waits for it on the real (database) clock (as user/auth-flow.http.spec.ts does).
const LEEWAY_MS = 1_000;
const WRONG = 'Wrong-Password-1';

const from = (ip: string) => ({ 'x-forwarded-for': ip });
let lastAddress = 0;
/** A client address no other request used: the per-address throttle and lockout stay out of the way. */
const freshAddress = () => `198.51.${Math.floor(++lastAddress / 250)}.${(lastAddress % 250) + 1}`;

/** Registers from a fresh address (the per-address limit counts registrations too). */
async function account(url: string): Promise<string> {
  const a = newAccount('m');
  const res = await post(`${url}/user/register`, a, from(freshAddress()));
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${res.text}`);
  return a.UserName;
}

const delta = (before: MetricSamples, after: MetricSamples, name: string, labels: Record<string, string> = {}) =>
  after.value(name, labels) - before.value(name, labels);

const loginDeltas = (before: MetricSamples, after: MetricSamples) =>
  Object.fromEntries(LOGIN_OUTCOMES.map((outcome) => [outcome, delta(before, after, LOGINS, { outcome })]));

interface LoginCase {
  /** The logins driven, given a fresh account (the registration is not part of the deltas). */
  drive(url: string, user: string): Promise<number[]>;
  statuses: number[];
  outcomes: Partial<Record<LoginOutcome, number>>;
  /** Password hashes/verifications the logins ran (each one observed once in the wait histogram). */
  hashes: number;
}

const times = async (n: number, one: (i: number) => Promise<{ status: number }>) => {
  const statuses = [];
  for (let i = 0; i < n; i++) statuses.push((await one(i)).status);
  return statuses;
};

// Limits of the app below: 4 requests per address, 6 attempts per account, lock after 3 failures.
const LOGIN_CASES: [string, LoginCase][] = [
  [
    'three successful logins',
    {
      drive: (url, user) => times(3, () => login(url, user, PASSWORD, from(freshAddress()))),
      statuses: [200, 200, 200],
      outcomes: { success: 3 },
      hashes: 3,
    },
  ],
  [
    'two wrong passwords',
    {
      drive: (url, user) => times(2, () => login(url, user, WRONG, from(freshAddress()))),
      statuses: [401, 401],
      outcomes: { bad_credentials: 2 },
      hashes: 2,
    },
  ],
  [
    'an unknown account (verified against the dummy hash)',
    {
      drive: (url, user) => times(1, () => login(url, `nobody-${user}`, PASSWORD, from(freshAddress()))),
      statuses: [401],
      outcomes: { bad_credentials: 1 },
      hashes: 1,
    },
  ],
  [
    'a lockout: the third failure from one address locks it, the next attempt is refused unchecked',
    {
      drive: (url, user) => {
        const attacker = from(freshAddress());
        return times(4, (i) => login(url, user, i < 3 ? WRONG : PASSWORD, attacker));
      },
      statuses: [401, 401, 403, 403],
      outcomes: { bad_credentials: 2, locked: 2 },
      hashes: 3,
    },
  ],
  [
    'the per-address throttle: the fifth request from one address in the window',
    {
      drive: (url, user) => {
        const client = from(freshAddress());
        return times(5, () => login(url, user, PASSWORD, client));
      },
      statuses: [200, 200, 200, 200, 429],
      outcomes: { success: 4, throttled: 1 },
      hashes: 4,
    },
  ],
  [
    'the account-wide throttle: the seventh attempt on one account, each from another address',
    {
      drive: (url, user) => times(7, () => login(url, user, WRONG, from(freshAddress()))),
      statuses: [401, 401, 401, 401, 401, 401, 429],
      outcomes: { bad_credentials: 6, throttled: 1 },
      hashes: 6,
    },
  ],
  [
    'bodies refused by validation: a missing field, not an object, an unknown field',
    {
      drive: (url, user) =>
        times(3, (i) =>
          request(`${url}/user/login`, {
            method: 'POST',
            json: [
              { EmailOrUserName: user, ClientId: 'web' },
              [user, PASSWORD],
              { EmailOrUserName: user, Password: PASSWORD, ClientId: 'web', IsAdmin: true },
            ][i],
            headers: from(freshAddress()),
          }),
        ),
      statuses: [400, 400, 400],
      outcomes: { invalid_request: 3 },
      hashes: 0,
    },
  ],
  [
    'an unknown ClientId',
    {
      drive: (url, user) => times(1, () => login(url, user, PASSWORD, from(freshAddress()), 'no-such-client')),
      statuses: [403],
      outcomes: { invalid_request: 1 },
      hashes: 0,
    },
  ],
];

describe('user-service metrics (sqlite), /metrics on the service port', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite', {
      config: {
        throttle: { ipLimit: 4, accountLimit: 6, windowSeconds: 60 },
        lockout: { maxFailures: 3, windowSeconds: 900, lockSeconds: 900 },
        refreshLeewayMs: LEEWAY_MS,
      },
    });
  });
  afterAll(() => t.close());

  it('serves the text format untouched by the envelope, with nosniff, no CORS, no throttle and no access log', async () => {
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await send(`${t.url}/metrics`)).status); // past the 4-per-address limit
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
    const res = await send(`${t.url}/metrics`, { headers: { origin: 'http://page.test' } });
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    expect(res.text).toMatch(/^# HELP /);
    await send(`${t.url}/health`);
    const urls = t.logs.map((l) => (l['req'] as { url?: string } | undefined)?.url).filter(Boolean);
    expect(urls).toContain('/health'); // the access log works...
    expect(urls).not.toContain('/metrics'); // ...and leaves the scrapes out
  });

  it('names every metric with user_service_, help text, the app label and every login outcome from the start', async () => {
    const m = await scrapeMetrics(t.url);
    for (const [name, type] of [
      [LOGINS, 'counter'],
      [ROTATIONS, 'counter'],
      [REUSES, 'counter'],
      [QUEUE_DEPTH, 'gauge'],
      ['user_service_password_hash_wait_seconds', 'histogram'],
      ['user_service_db_pool_connections', 'gauge'],
      ['user_service_db_pool_idle_connections', 'gauge'],
      ['user_service_db_pool_waiting_requests', 'gauge'],
      ['user_service_db_pool_max_connections', 'gauge'],
    ]) {
      expect([name, m.type(name)]).toEqual([name, type]);
      expect(m.help(name)?.length).toBeGreaterThan(20);
    }
    for (const outcome of LOGIN_OUTCOMES)
      expect(m.text).toContain(`${LOGINS}{outcome="${outcome}",app="user-service"}`);
  });

  it.each(LOGIN_CASES)('logins: %s', async (_name, c) => {
    const user = await account(t.url);
    const before = await scrapeMetrics(t.url);
    expect(await c.drive(t.url, user)).toEqual(c.statuses);
    const after = await scrapeMetrics(t.url);
    expect(loginDeltas(before, after)).toEqual({
      ...Object.fromEntries(LOGIN_OUTCOMES.map((o) => [o, 0])),
      ...c.outcomes,
    });
    expect(delta(before, after, HASH_WAITS)).toBe(c.hashes);
  });

  describe('refresh tokens', () => {
    const session = async () => {
      const user = await account(t.url);
      const res = await login(t.url, user, PASSWORD, from(freshAddress()), CLI_CLIENT);
      expect(res.status).toBe(200);
      return res.body.Data!.RefreshToken!;
    };
    const refresh = (token: string) =>
      post<LoginData>(`${t.url}/user/refresh`, { RefreshToken: token }, from(freshAddress()));

    it.each([
      ['a rotation', false, [200], 1, 0],
      ['a duplicate within the leeway: a lost race, not a reuse', false, [200, 401], 1, 0],
      ['a replay after the leeway: reuse, and the family (the successor too) is revoked', true, [200, 401, 401], 1, 1],
    ])('%s', async (_name, replayLater, statuses, rotations, reuses) => {
      const token = await session();
      const before = await scrapeMetrics(t.url);
      const first = await refresh(token);
      const seen = [first.status];
      if (statuses.length > 1) {
        if (replayLater) await new Promise((r) => setTimeout(r, LEEWAY_MS + 200));
        seen.push((await refresh(token)).status);
      }
      if (statuses.length > 2) seen.push((await refresh(first.body.Data!.RefreshToken!)).status);
      const after = await scrapeMetrics(t.url);
      expect(seen).toEqual(statuses);
      expect([delta(before, after, ROTATIONS), delta(before, after, REUSES)]).toEqual([rotations, reuses]);
    });
  });

  it('SQLite pool gauges: one handle, idle whenever a scrape runs, nothing waiting', async () => {
    const m = await scrapeMetrics(t.url);
    const engine = { engine: 'sqlite' };
    expect([
      m.value('user_service_db_pool_connections', engine),
      m.value('user_service_db_pool_idle_connections', engine),
      m.value('user_service_db_pool_waiting_requests', engine),
      m.value('user_service_db_pool_max_connections', engine),
    ]).toEqual([1, 1, 0, 1]);
  });
});

describe('user-service metrics (sqlite), the password-hash queue', () => {
  it('the queue-depth gauge reads the live queue, and every hash that ran is one wait observation', async () => {
    const t = await startTestApp('sqlite');
    try {
      const user = await account(t.url);
      const before = await scrapeMetrics(t.url);
      expect(before.value(QUEUE_DEPTH)).toBe(0);
      // More logins at once than hashing slots (one per core but one), so some must wait.
      const burst = availableParallelism() + 8;
      const logins = Promise.all(Array.from({ length: burst }, () => login(t.url, user, PASSWORD)));
      const depth = await eventually(async () => (await scrapeMetrics(t.url)).value(QUEUE_DEPTH), 'a login to wait');
      expect(depth).toBeGreaterThan(0);
      expect(depth).toBeLessThan(burst);
      expect((await logins).map((r) => r.status)).toEqual(Array(burst).fill(200));
      const after = await scrapeMetrics(t.url);
      expect(after.value(QUEUE_DEPTH)).toBe(0);
      expect(delta(before, after, HASH_WAITS)).toBe(burst);
      expect(delta(before, after, LOGINS, { outcome: 'success' })).toBe(burst);
      // Some waited behind others: the slowest wait is longer than the first bucket.
      expect(delta(before, after, 'user_service_password_hash_wait_seconds_bucket', { le: '0.001' })).toBeLessThan(
        burst,
      );
    } finally {
      await t.close();
    }
  });

  it('a full queue: each 503 is a busy login, each 200 a success, and refused hashes are not observed', async () => {
    const t = await startTestApp('sqlite', { config: { hashQueueLimit: 0 } }); // no waiting at all: busy or running
    try {
      const user = await account(t.url);
      const before = await scrapeMetrics(t.url);
      const burst = availableParallelism() + 8;
      const statuses = (await Promise.all(Array.from({ length: burst }, () => login(t.url, user, PASSWORD)))).map(
        (r) => r.status,
      );
      const after = await scrapeMetrics(t.url);
      const count = (s: number) => statuses.filter((x) => x === s).length;
      expect(count(503)).toBeGreaterThan(0);
      expect(count(200) + count(503)).toBe(burst);
      expect(loginDeltas(before, after)).toEqual({
        ...Object.fromEntries(LOGIN_OUTCOMES.map((o) => [o, 0])),
        success: count(200),
        busy: count(503),
      });
      expect(delta(before, after, HASH_WAITS)).toBe(count(200));
    } finally {
      await t.close();
    }
  });
});

describe('user-service metrics (sqlite), a failing database', () => {
  it('a login the database fails is an error outcome, and the pool gauges show the closed handle', async () => {
    const t = await startTestApp('sqlite');
    try {
      const before = await scrapeMetrics(t.url);
      await t.repo.close();
      expect((await login(t.url, 'anyone', PASSWORD)).status).toBe(500);
      const after = await scrapeMetrics(t.url);
      expect(loginDeltas(before, after)).toEqual({
        ...Object.fromEntries(LOGIN_OUTCOMES.map((o) => [o, 0])),
        error: 1,
      });
      expect(after.value('user_service_db_pool_connections', { engine: 'sqlite' })).toBe(0);
    } finally {
      await t.close();
    }
  });
});

describe('user-service metrics with METRICS_PORT', () => {
  let t: TestApp;
  let metricsUrl: string;
  beforeAll(async () => {
    // Through the environment, as main.ts gets it (0: any free port).
    t = await startTestApp('sqlite', { env: { NODE_ENV: 'test', LOG_LEVEL: 'info', METRICS_PORT: '0' } });
    metricsUrl = `http://127.0.0.1:${t.app.get(MetricsServer).port}`;
  });
  afterAll(() => t.close());

  it('serves /metrics on the metrics port only; on the service port /metrics is an unknown route (404 envelope)', async () => {
    const user = await account(t.url);
    const before = await scrapeMetrics(metricsUrl);
    expect((await login(t.url, user, PASSWORD)).status).toBe(200);
    const after = await scrapeMetrics(metricsUrl);
    expect(delta(before, after, LOGINS, { outcome: 'success' })).toBe(1);
    const onServicePort = await request(`${t.url}/metrics`);
    expect(onServicePort.status).toBe(404);
    expect(onServicePort.body).toMatchObject({ Success: false, Data: null });
  });

  it('a bad METRICS_PORT stops start-up with an error naming it', async () => {
    await expect(createUserServiceApp({ env: { NODE_ENV: 'test', METRICS_PORT: 'nine' } })).rejects.toThrow(
      /^Invalid configuration METRICS_PORT: must be a port number from 0 to 65535 .*; got "nine"$/,
    );
  });
});
