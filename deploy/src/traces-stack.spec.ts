import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, type RunningApp, startApp, workspaceRoot } from '@corsway/testing';
import { OtlpReceiver, type ReceivedSpan } from '@corsway/tracing/testing';

// What compose's `jaeger` service receives, minus Docker: the BUILT gateway
// and user-service with OTEL_EXPORTER_OTLP_ENDPOINT set to an OTLP/HTTP
// receiver in this test (Jaeger's role), and the same pair without it. A
// login is sent through the gateway with a known W3C traceparent; the trace
// must reach user-service and come back as one tree:
// client -> gateway request -> upstream attempt -> user-service handler -> queries, password verification.
const TRACE = '0af7651916cd43dd8448eb211c80319c';
const CLIENT_SPAN = 'b7ad6b7169203331';
const TRACEPARENT = `00-${TRACE}-${CLIENT_SPAN}-01`;
const SERVER = 2;
const CLIENT = 3;

/** The demo user every non-production user-service seeds (docs/DEPLOY.md). */
const demoLogin = (gateway: RunningApp) =>
  fetch(`${gateway.url}/users/user/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', traceparent: TRACEPARENT },
    body: JSON.stringify({ EmailOrUserName: 'demo', Password: 'Demo@12345', ClientId: 'cli' }),
  });

/** The JSON log lines an app printed. */
function logLines(app: RunningApp): Record<string, unknown>[] {
  return app
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** user-service's pino-http line for the login, once it is out. */
const serviceLoginLine = (app: RunningApp) =>
  eventually(() => logLines(app).find((l) => l['msg'] === 'request completed' && (l['req'] as { url?: string })?.url === '/user/login'), 'user-service to log the login');
/** The gateway's access-log line for the login, once its batch is written. */
const gatewayLoginLine = (app: RunningApp) =>
  eventually(() => logLines(app).find((l) => l['msg'] === 'proxied' && l['url'] === '/users/user/login'), 'the gateway to log the login');

/** The built user-service (fresh SQLite, seeded demo user) behind the built gateway's shipped config. */
async function startPair(dataDir: string, env: Record<string, string>): Promise<RunningApp[]> {
  const userService = await startApp('user-service', { DATA_DIR: dataDir, LOG_LEVEL: 'info', ...env });
  try {
    const gateway = await startApp('gateway', {
      GATEWAY_CONFIG: join(workspaceRoot, 'dist', 'apps', 'gateway', 'assets', 'gateway.config.json'),
      USER_SERVICE_URL: userService.url,
      LOG_LEVEL: 'info',
      ...env,
    });
    return [gateway, userService];
  } catch (error) {
    await userService.stop();
    throw error;
  }
}

describe('distributed traces across the built gateway and user-service', () => {
  let dataDir: string;
  let apps: RunningApp[] = [];

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'corsway-traces-'));
  });
  afterEach(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    apps = [];
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('with OTEL_EXPORTER_OTLP_ENDPOINT: both services export one tree under the client\'s span, and user-service got the attempt\'s traceparent', async () => {
    const receiver = await new OtlpReceiver().start();
    try {
      apps = await startPair(dataDir, { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url });
      const [gateway, userService] = apps;
      const res = await demoLogin(gateway);
      expect(res.status).toBe(200);
      const requestId = res.headers.get('x-request-id');
      const serviceLine = await serviceLoginLine(userService);
      const gatewayLine = await gatewayLoginLine(gateway);
      // SIGTERM: each app exports what it still batched before it exits.
      await Promise.all(apps.map((app) => app.stop()));

      const spans = receiver.trace(TRACE);
      expect(new Set(spans.map((s) => s.service))).toEqual(new Set(['gateway', 'user-service']));
      const one = (found: ReceivedSpan[], what: string): ReceivedSpan => {
        if (found.length !== 1) throw new Error(`expected one ${what}, got ${found.length}: ${JSON.stringify(spans, null, 2)}`);
        return found[0];
      };
      const gatewayRequest = one(spans.filter((s) => s.service === 'gateway' && s.kind === SERVER), 'gateway request span');
      expect(gatewayRequest).toMatchObject({
        name: 'POST /users/user/login',
        parentSpanId: CLIENT_SPAN,
        attributes: { 'http.route': '/users/user/login', 'http.response.status_code': 200, 'request.id': requestId },
      });
      const attempt = one(receiver.childrenOf(gatewayRequest), 'upstream attempt span');
      expect(attempt).toMatchObject({ kind: CLIENT, attributes: { 'gateway.instance': userService.url, 'http.response.status_code': 200 } });
      const handler = one(receiver.childrenOf(attempt), 'user-service handler span');
      expect(handler).toMatchObject({ service: 'user-service', kind: SERVER, name: 'POST /user/login', attributes: { 'request.id': requestId } });
      const work = receiver.childrenOf(handler);
      expect(work.map((s) => s.name)).toEqual(expect.arrayContaining(['db findUserByEmailOrUserName', 'password verify', 'db insertRefreshToken']));
      expect(work.find((s) => s.name === 'db findUserByEmailOrUserName')?.attributes).toMatchObject({ 'db.system.name': 'sqlite' });

      // What user-service received, in its own log: the attempt's span as parent-id.
      expect(serviceLine).toMatchObject({ trace_id: TRACE, req: { headers: { traceparent: `00-${TRACE}-${attempt.spanId}-01` } } });
      expect(gatewayLine).toMatchObject({ reqId: requestId, trace_id: TRACE, status: 200 });
      expect(receiver.refused).toEqual([]);
    } finally {
      await receiver.stop();
    }
  }, 60_000);

  it('without it: no spans, yet user-service still gets a valid traceparent of the client\'s trace, and both logs name it', async () => {
    apps = await startPair(dataDir, {});
    const [gateway, userService] = apps;
    const res = await demoLogin(gateway);
    expect(res.status).toBe(200);
    const serviceLine = await serviceLoginLine(userService);
    const received = (serviceLine['req'] as { headers: Record<string, string> }).headers['traceparent'];
    const m = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/.exec(received);
    expect(m?.[1]).toBe(TRACE);
    expect(m?.[2]).not.toBe(CLIENT_SPAN);
    expect(m?.[2]).not.toBe('0'.repeat(16));
    expect(serviceLine).toMatchObject({ trace_id: TRACE });
    expect(await gatewayLoginLine(gateway)).toMatchObject({ reqId: res.headers.get('x-request-id'), trace_id: TRACE, status: 200 });
  }, 60_000);
});
