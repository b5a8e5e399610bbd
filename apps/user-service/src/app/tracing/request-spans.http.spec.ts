import { Tracing, TracingConfigError } from '@corsway/tracing';
import { OtlpReceiver, type ReceivedSpan } from '@corsway/tracing/testing';
import { types } from 'node:util';
import { ENGINES } from '../../test/engines';
import { CLI_CLIENT, PASSWORD, login, registerAccount } from '../../test/fixtures';
import { request } from '../../test/http-client';
import { startTestApp, type TestApp } from '../../test/test-app';
import { createUserServiceApp } from '../create-user-service-app';

// W3C Trace Context into user-service: a span per request under the caller's
// span, children for its queries and password hashing; trace_id in the log.
const PARENT = '00f067aa0ba902b7';
const OTLP_SERVER = 2;
const traceparent = (traceId: string) => `00-${traceId}-${PARENT}-01`;
let n = 0;
/** A fresh trace id per request, so each test reads its own spans. */
const newTrace = () => `${(++n).toString(16).padStart(8, '0')}${'c'.repeat(24)}`;

/** The log line pino-http writes when the request is answered. */
function requestLine(t: TestApp, requestId: string | null) {
  return t.logs.find((l) => l['msg'] === 'request completed' && (l['req'] as { id?: string } | undefined)?.id === requestId);
}

describe.each(ENGINES)('with OTEL_EXPORTER_OTLP_ENDPOINT, on %s', (engine) => {
  const receiver = new OtlpReceiver();
  let t: TestApp;
  const flush = () => t.app.get(Tracing).flush();
  const dbSystem = engine === 'postgres' ? 'postgresql' : 'sqlite';

  beforeAll(async () => {
    await receiver.start();
    t = await startTestApp(engine, { env: { NODE_ENV: 'test', LOG_LEVEL: 'info', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url } });
  });
  afterAll(async () => {
    await t?.close();
    await receiver.stop();
  });

  const serverSpan = (traceId: string): ReceivedSpan => {
    const found = receiver.trace(traceId).filter((s) => s.kind === OTLP_SERVER);
    expect(found).toHaveLength(1);
    return found[0];
  };

  it('a login: the handler span under the caller, its queries and the password verification under it; the log line names the trace', async () => {
    const account = await registerAccount(t.url);
    const trace = newTrace();
    const res = await login(t.url, account.UserName, PASSWORD, { traceparent: traceparent(trace) }, CLI_CLIENT);
    expect(res.status).toBe(200);
    await flush();

    const handler = serverSpan(trace);
    const requestId = res.headers.get('x-request-id');
    expect(handler).toMatchObject({
      service: 'user-service',
      name: 'POST /user/login',
      parentSpanId: PARENT,
      attributes: { 'http.request.method': 'POST', 'http.route': '/user/login', 'http.response.status_code': 200, 'request.id': requestId },
    });
    const children = receiver.childrenOf(handler);
    const names = children.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['db findClient', 'db findUserByEmailOrUserName', 'password verify', 'db insertRefreshToken']));
    for (const db of children.filter((s) => s.name.startsWith('db '))) {
      expect(db.attributes).toEqual({ 'db.system.name': dbSystem, 'db.operation.name': db.name.slice(3) });
    }
    // Nothing of this trace is anywhere but under the handler.
    expect(receiver.trace(trace).filter((s) => s.spanId !== handler.spanId && s.parentSpanId !== handler.spanId)).toEqual([]);

    const line = requestLine(t, requestId);
    expect(line).toMatchObject({ trace_id: trace, req: { headers: { traceparent: traceparent(trace) } } });
  });

  it("two logins at once: each verification under its own request, also when the hashing gate starts one from the other's completion", async () => {
    const [a, b] = await Promise.all([registerAccount(t.url), registerAccount(t.url)]);
    const [ta, tb] = [newTrace(), newTrace()];
    const results = await Promise.all([
      login(t.url, a.UserName, PASSWORD, { traceparent: traceparent(ta) }, CLI_CLIENT),
      login(t.url, b.UserName, 'wrong-password', { traceparent: traceparent(tb) }, CLI_CLIENT),
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 401]);
    await flush();
    for (const trace of [ta, tb]) {
      const handler = serverSpan(trace);
      const verifies = receiver.childrenOf(handler).filter((s) => s.name === 'password verify');
      expect(verifies).toHaveLength(1);
    }
  });

  it('an unknown account still verifies (against the dummy hash) in a span: the trace does not tell it apart', async () => {
    const trace = newTrace();
    const res = await login(t.url, 'nobody-here', PASSWORD, { traceparent: traceparent(trace) }, CLI_CLIENT);
    expect(res.status).toBe(401);
    await flush();
    const handler = serverSpan(trace);
    expect(handler.attributes['http.response.status_code']).toBe(401);
    expect(receiver.childrenOf(handler).map((s) => s.name)).toContain('password verify');
  });

  it('registration hashes in a span; a request without traceparent starts its own trace, named in its log line', async () => {
    const res = await request(`${t.url}/user/register`, {
      method: 'POST',
      json: { Email: `t${newTrace().slice(0, 8)}@example.com`, UserName: `t${newTrace().slice(0, 8)}`, Password: PASSWORD, DisplayName: 'T' },
    });
    expect(res.status).toBe(201);
    await flush();
    const line = requestLine(t, res.headers.get('x-request-id'));
    const traceId = String(line?.['trace_id']);
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    const handler = serverSpan(traceId);
    expect(handler).toMatchObject({ name: 'POST /user/register', parentSpanId: '' });
    expect(receiver.childrenOf(handler).map((s) => s.name)).toEqual(expect.arrayContaining(['password hash', 'db createUser']));
  });

  it('probes and scrapes make no spans; start-up work (migrations, seeding) made no orphan spans', async () => {
    const trace = newTrace();
    expect((await request(`${t.url}/health`, { headers: { traceparent: traceparent(trace) } })).status).toBe(200);
    await flush();
    expect(receiver.trace(trace)).toEqual([]);
    expect(receiver.spans.filter((s) => s.parentSpanId === '' && s.kind !== OTLP_SERVER)).toEqual([]);
    expect(receiver.spans.map((s) => s.name)).not.toContain('db migrate');
  });

  it('the repository handed out is the traced wrapper; its engine still shows through', () => {
    expect(types.isProxy(t.repo)).toBe(true);
    expect(t.repo.engine).toBe(engine);
  });
});

describe('with tracing off (the default)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
  });
  afterAll(() => t?.close());

  it('nothing is wrapped or hooked, and the log line carries the caller\'s trace id, or none', async () => {
    expect(t.app.get(Tracing).enabled).toBe(false);
    expect(types.isProxy(t.repo)).toBe(false);
    const trace = newTrace();
    const traced = await request(`${t.url}/health`, { headers: { traceparent: traceparent(trace) } });
    expect(requestLine(t, traced.headers.get('x-request-id'))).toMatchObject({ trace_id: trace });
    const invalid = await request(`${t.url}/health`, { headers: { traceparent: traceparent(trace).toUpperCase() } });
    expect(requestLine(t, invalid.headers.get('x-request-id'))).not.toHaveProperty('trace_id');
    const none = await request(`${t.url}/health`);
    expect(requestLine(t, none.headers.get('x-request-id'))).not.toHaveProperty('trace_id');
  });

  it('an OTEL_EXPORTER_OTLP_ENDPOINT that is not a URL stops start-up, naming it', async () => {
    const start = createUserServiceApp({ env: { NODE_ENV: 'test', OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' } });
    await expect(start).rejects.toThrow(TracingConfigError);
    await expect(createUserServiceApp({ env: { NODE_ENV: 'test', OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' } })).rejects.toThrow(
      'OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4318" must use http or https (OTLP/HTTP)',
    );
  });
});
