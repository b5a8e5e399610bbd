import { login, me, PASSWORD, refresh, signedIn } from '../support/accounts';
import { ENGINES, type ServiceOnEngine, userServiceOn } from '../support/engines';
import { call, isEnvelope } from '../support/http';
import { reportFigures, sleep, tally } from '../support/stats';

/**
 * Concurrency of tokens and accounts (apps/user-service/README.md), on both engines.
 *
 * Refresh semantics asserted here are the ones user-service documents
 * (RefreshTokenService, auth-flow.http.spec): a refresh token is consumed
 * atomically, so of N parallel refreshes exactly one wins and the family
 * survives for the winner (the losers raced within user-service's
 * CONCURRENT_REFRESH_LEEWAY_MS). A rotated token presented later than that is
 * reuse (RFC 9700 §4.14.2): the family is revoked, the current token included.
 */

/** user-service's CONCURRENT_REFRESH_LEEWAY_MS plus a margin: later than this, a rotated token is a replay. */
const PAST_LEEWAY_MS = 2_200;

const figures: Record<string, unknown> = {};
afterAll(() => reportFigures('concurrency', figures));

describe.each(ENGINES)('concurrency on %s', (engine) => {
  let svc: ServiceOnEngine;
  beforeAll(async () => {
    svc = await userServiceOn(engine);
  });
  afterAll(() => svc?.stop());

  async function family(userId: string): Promise<{ total: number; live: number }> {
    const rows = await svc.rows.select<{ total: number | string; live: number | string }>(
      `SELECT count(*) AS total, sum(CASE WHEN revoked_at IS NULL AND consumed_at IS NULL THEN 1 ELSE 0 END) AS live FROM refresh_tokens WHERE user_id = '${userId}'`,
    );
    return { total: Number(rows[0].total), live: Number(rows[0].live ?? 0) };
  }

  it('50 parallel refreshes of one token: exactly one 200, 49 × 401 envelopes; the family survives for the winner', async () => {
    const session = await signedIn(svc.app.url);
    const results = await Promise.all(Array.from({ length: 50 }, () => refresh(svc.app.url, session.refreshToken)));
    const statuses = results.map((r) => r.status);
    figures[`${engine}.refreshRace`] = tally(statuses);
    expect(tally(statuses)).toEqual({ 200: 1, 401: 49 });
    expect(results.every((r) => isEnvelope(r.body))).toBe(true);
    const winner = results.find((r) => r.status === 200)!.body!.Data;
    // Losers raced, they did not replay: only the winner's successor is live, and it works.
    expect(await family(session.id)).toEqual({ total: 2, live: 1 });
    expect((await me(svc.app.url, winner.AccessToken)).status).toBe(200);
    expect((await refresh(svc.app.url, winner.RefreshToken)).status).toBe(200);
    expect((await login(svc.app.url, session.account.UserName)).status).toBe(200);
  });

  it('sequential rotation works; replaying a rotated token revokes the family, the current token included', async () => {
    const session = await signedIn(svc.app.url);
    let token = session.refreshToken;
    const chain = [token];
    for (let i = 0; i < 5; i++) {
      const res = await refresh(svc.app.url, token);
      expect(res.status).toBe(200);
      token = res.body!.Data.RefreshToken;
      chain.push(token);
    }
    expect(await family(session.id)).toEqual({ total: 6, live: 1 });
    await sleep(PAST_LEEWAY_MS);
    const replay = await refresh(svc.app.url, chain[2]);
    expect(replay.status).toBe(401);
    expect(isEnvelope(replay.body)).toBe(true);
    expect((await refresh(svc.app.url, token)).status).toBe(401);
    expect(await family(session.id)).toEqual({ total: 6, live: 0 });
  });

  it('a replay racing the legitimate refresh (20 families at once): no family keeps a usable token', async () => {
    // The race is narrow (reuse detection revoking the family while the legitimate rotation's
    // transaction inserts the successor), so it is run 20 times side by side.
    const sessions = await Promise.all(Array.from({ length: 20 }, () => signedIn(svc.app.url)));
    // The legitimate refresh is sent first and the replay 0-9 ms later, to land inside its transaction.
    const outcomes = await Promise.all(
      sessions.map(async (session, i) => {
        const first = await refresh(svc.app.url, session.refreshToken);
        const current = first.body!.Data.RefreshToken;
        await sleep(PAST_LEEWAY_MS); // the original token is now a replay, not a parallel duplicate
        const legitSent = refresh(svc.app.url, current);
        await sleep(i % 10);
        const [attacker, legit] = await Promise.all([refresh(svc.app.url, session.refreshToken), legitSent]);
        return { attacker: attacker.status, legit: legit.status, live: (await family(session.id)).live };
      }),
    );
    figures[`${engine}.replayRace`] = { families: outcomes.length, legitWon: outcomes.filter((o) => o.legit === 200).length, liveAfter: outcomes.filter((o) => o.live > 0).length };
    expect(outcomes.filter((o) => o.attacker !== 401)).toEqual([]);
    // The legitimate one may win its race or lose it to the revocation; either way the family ends revoked.
    expect(outcomes.filter((o) => ![200, 401].includes(o.legit))).toEqual([]);
    expect(outcomes.filter((o) => o.live !== 0)).toEqual([]);
  });

  it('200 concurrent registrations over overlapping emails and user names: no duplicates, no 500, every accepted account logs in', async () => {
    const run = Date.now().toString(36);
    const emails = Array.from({ length: 100 }, (_, i) => `storm${i}-${run}@example.com`);
    const names = Array.from({ length: 100 }, (_, i) => `storm${i}_${run}`);
    const flip = (s: string, i: number) => (i % 3 === 0 ? s.toUpperCase() : i % 3 === 1 ? s : s[0].toUpperCase() + s.slice(1));
    const usersBefore = await svc.rows.users();
    // Pairs race head to head: body 2k takes (email k, name k); body 2k+1, sent right after it,
    // takes the same email, the same name, or both (other case), plus a partner 50 further on,
    // so every collision is decided by the database under concurrency, not by arrival order.
    const bodies = Array.from({ length: 200 }, (_, i) => {
      const k = i >> 1;
      const other = (k + 50) % 100;
      const [e, n] = i % 2 === 0 ? [k, k] : k % 3 === 0 ? [k, other] : k % 3 === 1 ? [other, k] : [k, k];
      return { Email: flip(emails[e], i), UserName: flip(names[n], i + 1), Password: `${PASSWORD}-${i}`, DisplayName: `Storm ${i}` };
    });
    const started = performance.now();
    // All 200 at once: argon2 queues them, so the last answer can take a while; 60 s bounds a hang.
    const results = await Promise.all(bodies.map((b) => call('POST', `${svc.app.url}/user/register`, { json: b, timeoutMs: 60_000 })));
    const ms = performance.now() - started;
    const statuses = tally(results.map((r) => r.status));
    expect(Object.keys(statuses).sort()).toEqual(expect.arrayContaining(['201']));
    expect(Object.keys(statuses).filter((s) => s !== '201' && s !== '409')).toEqual([]);
    expect(results.every((r) => isEnvelope(r.body))).toBe(true);

    const accepted = bodies.filter((_, i) => results[i].status === 201);
    const dupes = await svc.rows.select<{ n: number | string }>(
      `SELECT count(*) AS n FROM (SELECT lower(email) FROM users GROUP BY lower(email) HAVING count(*) > 1) d`,
    );
    const dupeNames = await svc.rows.select<{ n: number | string }>(
      `SELECT count(*) AS n FROM (SELECT lower(user_name) FROM users GROUP BY lower(user_name) HAVING count(*) > 1) d`,
    );
    expect({ emails: Number(dupes[0].n), names: Number(dupeNames[0].n) }).toEqual({ emails: 0, names: 0 });
    expect(await svc.rows.users()).toBe(usersBefore + accepted.length);
    // No two accepted bodies share an email or a user name (case-insensitive).
    expect(new Set(accepted.map((b) => b.Email.toLowerCase())).size).toBe(accepted.length);
    expect(new Set(accepted.map((b) => b.UserName.toLowerCase())).size).toBe(accepted.length);

    const logins = await Promise.all(
      accepted.map((b, i) =>
        call('POST', `${svc.app.url}/user/login`, { json: { EmailOrUserName: i % 2 ? b.Email : b.UserName, Password: b.Password, ClientId: 'web' }, timeoutMs: 60_000 }),
      ),
    );
    expect(tally(logins.map((r) => r.status))).toEqual({ 200: accepted.length });
    figures[`${engine}.registrationStorm`] = {
      requests: 200,
      statuses,
      accepted: accepted.length,
      wallMs: Math.round(ms),
      slowestMs: Math.round(Math.max(...results.map((r) => r.ms))),
      loginsOk: accepted.length,
    };
  });
});
