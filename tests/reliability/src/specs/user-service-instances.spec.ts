import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { type RunningApp, restartOnSamePort, startApp } from '@corsway/testing';
import { CLIENT_ID, PASSWORD, login, me, newAccount, refresh, register } from '../support/accounts';
import { call } from '../support/http';
import { createTestDatabase, type TestDatabase } from '../support/postgres-database';

/**
 * user-service as compose runs it: several real processes on one PostgreSQL database and one Redis.
 * Each failure found that way is tried again the same way here:
 * - lockout was per process (first 403 at attempt 9 instead of 5, the right password got in through
 *   the other instance while "locked", a restart forgot the lock), the per-account throttle allowed
 *   20 instead of 10 and the per-IP one 2× its limit;
 * - two instances starting at once could each create their own dev signing key;
 * - the concurrent-refresh leeway compared one instance's clock with another's.
 */
const REDIS_URL = process.env['REDIS_TEST_URL'] ?? 'redis://127.0.0.1:6379';
const from = (ip: string) => ({ 'x-forwarded-for': ip });

describe('several user-service processes on one PostgreSQL and one Redis', () => {
  let db: TestDatabase;
  let dataDir: string;
  const prefix = `rel-us-${randomBytes(6).toString('hex')}:`;
  let instances: RunningApp[] = [];
  const env = () => ({
    DATABASE_URL: db.url,
    DATA_DIR: dataDir, // one dir for all: they share the dev signing key (created atomically)
    REDIS_URL,
    REDIS_KEY_PREFIX: prefix,
    THROTTLE_IP_LIMIT: '30',
    THROTTLE_ACCOUNT_LIMIT: '10',
    LOCKOUT_MAX_FAILURES: '5',
  });
  const at = (i: number) => instances[i % instances.length].url;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'corsway-rel-multi-'));
    // Three at once on an empty DATA_DIR: the dev key race.
    instances = await Promise.all([
      startApp('user-service', env()),
      startApp('user-service', env()),
      startApp('user-service', env()),
    ]);
  });
  afterAll(async () => {
    await Promise.all(instances.map((i) => i.stop()));
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('three instances started at once on one DATA_DIR publish one and the same signing key', async () => {
    const sets = await Promise.all(
      instances.map(async (i) => (await call('GET', `${i.url}/.well-known/jwks.json`)).text),
    );
    const kids = sets.map((s) => (JSON.parse(s) as { keys: { kid: string }[] }).keys.map((k) => k.kid).join(','));
    expect(new Set(kids).size).toBe(1);
  });

  it('a token issued by one instance works on the others; rotation alternates instances; logout-all anywhere revokes everywhere', async () => {
    const account = newAccount('multi');
    expect((await register(at(0), account)).status).toBe(201);
    const signIn = await login(at(1), account.UserName, PASSWORD, '', from('203.0.113.1'));
    expect(signIn.status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await me(at(i), signIn.body!.Data.AccessToken)).status).toBe(200);
    let token: string = signIn.body!.Data.RefreshToken;
    for (let i = 0; i < 4; i++) {
      const res = await refresh(at(i), token);
      expect(res.status).toBe(200);
      token = res.body!.Data.RefreshToken;
    }
    const out = await call('POST', `${at(2)}/user/logout-all`, {
      json: {},
      headers: { authorization: `Bearer ${signIn.body!.Data.AccessToken}` },
    });
    expect(out.status).toBe(200);
    expect((await refresh(at(0), token)).status).toBe(401);
  });

  it('a duplicate refresh on another instance within the leeway is a race (family kept), judged on the database clock', async () => {
    const account = newAccount('race');
    await register(at(0), account);
    const signIn = await login(at(0), account.UserName, PASSWORD, '', from('203.0.113.2'));
    const first = await refresh(at(0), signIn.body!.Data.RefreshToken);
    const duplicate = await refresh(at(1), signIn.body!.Data.RefreshToken);
    expect([first.status, duplicate.status]).toEqual([200, 401]);
    expect((await refresh(at(2), first.body!.Data.RefreshToken)).status).toBe(200);
  });

  it('alternating wrong passwords over the instances: the 5th attempt is 403, and the right password is refused on every instance', async () => {
    const account = newAccount('lock');
    await register(at(0), account);
    const ip = from('198.51.100.30');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await login(at(i), account.UserName, 'Wrong-Password-1', '', ip)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 403]);
    for (let i = 0; i < 3; i++) expect((await login(at(i), account.UserName, PASSWORD, '', ip)).status).toBe(403);
    // The owner, from another address, is not locked out.
    expect((await login(at(1), account.UserName, PASSWORD, '', from('203.0.113.3'))).status).toBe(200);

    // Restart every instance: the lock is in Redis, not in a process.
    instances = await Promise.all(
      instances.map(async (i) => {
        await i.stop();
        return restartOnSamePort(i);
      }),
    );
    for (let i = 0; i < 3; i++) expect((await login(at(i), account.UserName, PASSWORD, '', ip)).status).toBe(403);
  });

  it('the per-account throttle is 10 over all instances, not 10 per instance', async () => {
    const account = newAccount('acct');
    await register(at(0), account);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++)
      statuses.push((await login(at(i), account.UserName, PASSWORD, '', from(`192.0.2.${10 + i}`))).status);
    expect(statuses).toEqual([...Array(10).fill(200), 429, 429]);
  });

  it('the per-IP throttle is 30 over all instances, not 30 per instance', async () => {
    const ip = from('198.51.100.31');
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++)
      statuses.push(
        (
          await call('POST', `${at(i)}/user/refresh`, {
            json: { RefreshToken: 'x'.repeat(43), ClientId: CLIENT_ID },
            headers: ip,
          })
        ).status,
      );
    expect(statuses).toEqual([...Array(30).fill(401), 429, 429]);
  });

  it('5,000-level JSON gets 400 from every instance, never 500', async () => {
    const raw = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
    for (let i = 0; i < 3; i++) {
      const res = await call('POST', `${at(i)}/user/login`, {
        body: raw,
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status).toBe(400);
      expect(res.body?.Message).toMatch(/more than 32 levels deep/);
    }
  });
});

describe('user-service start-up checks (real processes)', () => {
  it('warns when DATABASE_URL is PostgreSQL and REDIS_URL is unset', async () => {
    const db = await createTestDatabase();
    const dataDir = mkdtempSync(join(tmpdir(), 'corsway-rel-warn-'));
    const app = await startApp('user-service', { DATABASE_URL: db.url, DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
    try {
      expect(app.output()).toMatch(/DATABASE_URL is PostgreSQL but REDIS_URL is unset/);
    } finally {
      await app.stop();
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('NODE_ENV=production without a signing key exits 1 naming JWT_PRIVATE_KEY', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'corsway-rel-prod-'));
    try {
      await expect(startApp('user-service', { NODE_ENV: 'production', DATA_DIR: dataDir })).rejects.toThrow(
        /Invalid configuration JWT_PRIVATE_KEY: is required when NODE_ENV=production/,
      );
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
