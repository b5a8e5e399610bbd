import { newAccount, PASSWORD, signedIn } from '../support/accounts';
import { type ServiceOnEngine, userServiceOn } from '../support/engines';
import { isEnvelope } from '../support/http';
import { fixedRate, sample, type Sample } from '../support/load';
import { eventually, percentile, reportFigures, round, tally } from '../support/stats';
import { postgresAnswers } from '../support/postgres-database';
import { restartPostgres } from '../support/postgres-restart';

/**
 * PostgreSQL restarted under a trickle of requests:
 * user-service must survive the restart, answer every request (success, or
 * an error envelope that says so), lose no acknowledged write, and serve
 * normally again once the database is back, without being restarted itself.
 */

describe('PostgreSQL restarted under a trickle of requests', () => {
  let svc: ServiceOnEngine;

  beforeAll(async () => {
    svc = await userServiceOn('postgres');
  });
  afterAll(async () => {
    // Leave the database server up for whoever runs next, whatever happened above.
    await eventually(postgresAnswers, 30_000, 250);
    await svc?.stop();
  });

  it('every request succeeds or gets a clear error; no acknowledged write is lost; service recovers by itself', async () => {
    const url = svc.app.url;
    const session = await signedIn(url);
    let refreshToken = session.refreshToken;
    let refreshing = false;
    const t0 = performance.now();
    const samples: (Sample & { userName?: string })[] = [];
    const marks = { restartStart: 0, restartEnd: 0, restartMs: 0 };

    const chaos = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      marks.restartStart = performance.now() - t0;
      marks.restartMs = await restartPostgres();
      marks.restartEnd = performance.now() - t0;
    })();
    const load = fixedRate(10, 14, async (i) => {
      const opts = { timeoutMs: 20_000 };
      switch (i % 4) {
        case 0: {
          const account = newAccount('pgr');
          samples.push({ ...(await sample('register', t0, 'POST', `${url}/user/register`, { ...opts, json: account })), userName: account.UserName });
          return;
        }
        case 1:
          samples.push(await sample('login', t0, 'POST', `${url}/user/login`, { ...opts, json: { EmailOrUserName: session.account.UserName, Password: PASSWORD, ClientId: 'cli' } }));
          return;
        case 2:
          samples.push(await sample('me', t0, 'GET', `${url}/user/me`, { ...opts, headers: { authorization: `Bearer ${session.accessToken}` } }));
          return;
        default: {
          if (refreshing) return;
          refreshing = true;
          const s = await sample('refresh', t0, 'POST', `${url}/user/refresh`, { ...opts, json: { RefreshToken: refreshToken, ClientId: 'cli' } });
          if (s.outcome === 200) refreshToken = s.exchange!.body!.Data.RefreshToken;
          refreshing = false;
          samples.push(s);
        }
      }
    });
    await Promise.all([chaos, load]);

    const processAlive = svc.app.process.exitCode === null && svc.app.process.signalCode === null;
    const ok = (s: Sample) => s.outcome === 200 || s.outcome === 201;
    const failures = samples.filter((s) => !ok(s));
    const firstOkAfter = samples.filter((s) => s.at > marks.restartEnd && ok(s)).sort((a, b) => a.at - b.at)[0];
    const tail = samples.filter((s) => s.at > marks.restartEnd + 3_000 && s.kind !== 'refresh');
    const acknowledged = samples.filter((s) => s.kind === 'register' && s.outcome === 201).map((s) => s.userName!);
    const stored = processAlive || (await postgresAnswers())
      ? (await svc.rows.select<{ user_name: string }>('SELECT user_name FROM users')).map((r) => r.user_name)
      : [];
    const lost = acknowledged.filter((name) => !stored.includes(name));
    reportFigures('postgres-restart', {
      requests: samples.length,
      outcomes: tally(samples.map((s) => s.outcome)),
      errorsByKind: tally(failures.map((s) => `${s.kind} ${s.outcome}: ${s.exchange?.body?.Message ?? s.exchange?.text.slice(0, 80) ?? ''}`)),
      restartCommandMs: Math.round(marks.restartMs),
      recoveryAfterRestartMs: firstOkAfter ? Math.round(firstOkAfter.at - marks.restartEnd) : null,
      slowestMs: round(Math.max(...samples.map((s) => s.ms))),
      p99Ms: round(percentile(samples.map((s) => s.ms), 99)),
      acknowledgedRegistrations: acknowledged.length,
      lostAcknowledgedWrites: lost.length,
      userServiceSurvived: processAlive,
    });

    expect({ userServiceSurvived: processAlive, output: processAlive ? '' : crashLines(svc.app.output()) }).toEqual({ userServiceSurvived: true, output: '' });
    // Answered, all of them, within the client's bound.
    expect(samples.filter((s) => typeof s.outcome !== 'number').map((s) => `${s.kind} ${s.outcome} at ${Math.round(s.at)}`)).toEqual([]);
    // A failure is a server-side error envelope with a message, never a bare 500 or a 4xx blaming the client.
    expect(failures.filter((s) => !(isEnvelope(s.exchange?.body) && (s.outcome as number) >= 500)).map((s) => `${s.kind} ${s.outcome}`)).toEqual([]);
    expect(lost).toEqual([]);
    // Recovered by itself.
    expect(firstOkAfter).toBeDefined();
    expect(tail.length).toBeGreaterThan(20);
    expect(tally(tail.map((s) => s.outcome)).toString()).toBe(tally(tail.filter(ok).map((s) => s.outcome)).toString());
    expect(tail.filter((s) => !ok(s)).map((s) => `${s.kind} ${s.outcome}`)).toEqual([]);
  });
});

/** The lines of a crashed app's output that say why (not the object dumps around them). */
function crashLines(output: string): string {
  return output
    .split('\n')
    .filter((line) => /error|terminat|uncaught|unhandled|exit/i.test(line) && !/Symbol\(/.test(line))
    .slice(0, 8)
    .join('\n');
}
