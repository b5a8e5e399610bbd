import { send } from '@corsway/testing';
import { TracingConfigError } from '@corsway/tracing';
import { OtlpReceiver, type ReceivedSpan } from '@corsway/tracing/testing';
import pino from 'pino';
import { startGateway, testConfig, type RunningGateway } from '../../testing/gateway-under-test.testing';
import { UpstreamServer } from '../../testing/upstream-server.testing';
import { createGatewayApp } from '../create-gateway-app';

// W3C Trace Context through the gateway: the client's traceparent kept when
// valid (§3.2), else a new trace; each upstream attempt sends its own span id;
// the access log carries the trace id; spans only with an OTLP endpoint.
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT = '00f067aa0ba902b7';
const OUTGOING = /^00-([0-9a-f]{32})-([0-9a-f]{16})-(0[01])$/;
const ROUTES = [{ upstream: '/svc/{everything}', downstream: '/{everything}', service: 'svc' }];
const OTLP_SERVER = 2;
const OTLP_CLIENT = 3;
const OTLP_ERROR = 2;

/** The gateway's log lines, parsed (the access log is the `proxied` line). */
function captureLog() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, accessLine: (reqId: unknown) => lines.find((l) => l['msg'] === 'proxied' && l['reqId'] === reqId) };
}

/** The traceparent an upstream saw, split. */
function outgoing(header: unknown): { traceId: string; parentId: string; flags: string } {
  const m = OUTGOING.exec(String(header));
  if (!m) throw new Error(`not a version 00 traceparent: ${String(header)}`);
  return { traceId: m[1], parentId: m[2], flags: m[3] };
}

describe('trace context with tracing off (OTEL_EXPORTER_OTLP_ENDPOINT unset)', () => {
  const upstream = new UpstreamServer('svc');
  const log = captureLog();
  let gw: RunningGateway;

  beforeAll(async () => {
    await upstream.start();
    gw = await startGateway({ config: testConfig({ svc: [upstream.url] }, ROUTES), logger: log.logger });
  });
  afterAll(async () => {
    await gw?.close();
    await upstream.stop();
  });

  it.each([
    ['a valid sampled traceparent', `00-${TRACE}-${PARENT}-01`, '01'],
    ['a valid traceparent, not sampled: the flag goes on', `00-${TRACE}-${PARENT}-00`, '00'],
    ['unknown flag bits: only sampled goes on (§3.2.2.5)', `00-${TRACE}-${PARENT}-ff`, '01'],
    ['a future version with extra fields: sent on as version 00', `cc-${TRACE}-${PARENT}-01-future-field`, '01'],
  ])('%s: the service gets the same trace with a new parent id, and the access log has the trace id', async (_name, traceparent, flags) => {
    const res = await send(`${gw.url}/svc/echo`, { headers: { traceparent } });
    expect(res.status).toBe(200);
    const sent = outgoing(res.json().headers['traceparent']);
    expect(sent).toEqual({ traceId: TRACE, parentId: expect.not.stringMatching(PARENT), flags });
    expect(sent.parentId).not.toBe('0'.repeat(16));
    expect(log.accessLine(res.headers['x-request-id'])).toMatchObject({ reqId: res.headers['x-request-id'], trace_id: TRACE, status: 200 });
  });

  it.each([
    ['no traceparent', undefined],
    ['uppercase hex', `00-${TRACE.toUpperCase()}-${PARENT}-01`],
    ['an all-zero trace id', `00-${'0'.repeat(32)}-${PARENT}-01`],
    ['an all-zero parent id', `00-${TRACE}-${'0'.repeat(16)}-01`],
    ['version ff', `ff-${TRACE}-${PARENT}-01`],
    ['version 00 with an extra field', `00-${TRACE}-${PARENT}-01-extra`],
    ['a short trace id', `00-${TRACE.slice(2)}-${PARENT}-01`],
  ])('%s: a new trace starts at the gateway, and the tracestate of the refused one is dropped (§3.3)', async (_name, traceparent) => {
    const headers: Record<string, string> = { tracestate: 'vendor=abc' };
    if (traceparent !== undefined) headers['traceparent'] = traceparent;
    const res = await send(`${gw.url}/svc/echo`, { headers });
    const seen = res.json().headers;
    const sent = outgoing(seen['traceparent']);
    expect(sent.traceId).not.toBe(TRACE);
    expect(sent.traceId).not.toBe('0'.repeat(32));
    expect(sent.flags).toBe('00'); // nothing recorded this trace
    expect(seen['tracestate']).toBeUndefined();
    expect(log.accessLine(res.headers['x-request-id'])).toMatchObject({ trace_id: sent.traceId });
  });

  it('a valid traceparent keeps its tracestate, unchanged', async () => {
    const res = await send(`${gw.url}/svc/echo`, { headers: { traceparent: `00-${TRACE}-${PARENT}-01`, tracestate: 'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE' } });
    expect(res.json().headers['tracestate']).toBe('rojo=00f067aa0ba902b7,congo=t61rcWkgMzE');
  });

  it('two requests of one trace get two different parent ids', async () => {
    const headers = { traceparent: `00-${TRACE}-${PARENT}-01` };
    const [a, b] = await Promise.all([send(`${gw.url}/svc/a`, { headers }), send(`${gw.url}/svc/b`, { headers })]);
    expect(outgoing(a.json().headers['traceparent']).parentId).not.toBe(outgoing(b.json().headers['traceparent']).parentId);
  });

  it("an answer of the gateway's own (404) is logged with the trace id too", async () => {
    const res = await send(`${gw.url}/nowhere`, { headers: { traceparent: `00-${TRACE}-${PARENT}-01` } });
    expect(res.status).toBe(404);
    expect(log.accessLine(res.headers['x-request-id'])).toMatchObject({ trace_id: TRACE, status: 404, route: '-' });
  });
});

describe('each upstream attempt sends its own span id (tracing off)', () => {
  const broken = new UpstreamServer('broken');
  const live = new UpstreamServer('live');
  let gw: RunningGateway;

  beforeAll(async () => {
    await Promise.all([broken.start(), live.start()]);
    broken.handler = (req) => req.socket.destroy();
    // Round-robin starts at the first instance: the broken one is tried first.
    gw = await startGateway({ config: testConfig({ svc: [broken.url, live.url] }, ROUTES) });
  });
  afterAll(async () => {
    await gw?.close();
    await Promise.all([broken.stop(), live.stop()]);
  });

  it('a GET retried after a reset connection: same trace, two parent ids', async () => {
    const res = await send(`${gw.url}/svc/r`, { headers: { traceparent: `00-${TRACE}-${PARENT}-01` } });
    expect(res.status).toBe(200);
    const first = outgoing(broken.seen[0].headers['traceparent']);
    const retry = outgoing(live.seen[0].headers['traceparent']);
    expect([first.traceId, retry.traceId]).toEqual([TRACE, TRACE]);
    expect(new Set([first.parentId, retry.parentId, PARENT]).size).toBe(3);
  });
});

describe('with OTEL_EXPORTER_OTLP_ENDPOINT: a request span and a span per upstream attempt', () => {
  const receiver = new OtlpReceiver();
  const broken = new UpstreamServer('broken');
  const live = new UpstreamServer('live');
  let gw: RunningGateway | undefined;

  beforeAll(async () => {
    await Promise.all([receiver.start(), broken.start(), live.start()]);
    broken.handler = (req) => req.socket.destroy();
  });
  afterEach(() => {
    broken.seen.length = 0;
    live.seen.length = 0;
  });
  afterAll(() => Promise.all([receiver.stop(), broken.stop(), live.stop()]));

  /** A gateway exporting to the receiver; its close exports what it batched. */
  async function traced(instances: string[], run: (url: string) => Promise<void>): Promise<void> {
    gw = await startGateway({ config: testConfig({ svc: instances }, ROUTES), env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url } });
    try {
      await run(gw.url);
    } finally {
      await gw.close();
    }
  }
  const gatewaySpans = (traceId: string) => receiver.trace(traceId).filter((s) => s.service === 'gateway');
  const serverSpan = (spans: ReceivedSpan[]) => spans.find((s) => s.kind === OTLP_SERVER)!;

  it("the request span is a child of the client's span; the attempt span's id is the parent id the service got", async () => {
    let requestId = '';
    await traced([live.url], async (url) => {
      const res = await send(`${url}/svc/echo`, { headers: { traceparent: `00-${TRACE}-${PARENT}-01` } });
      expect(res.status).toBe(200);
      requestId = String(res.headers['x-request-id']);
    });
    const spans = gatewaySpans(TRACE);
    expect(spans).toHaveLength(2);
    const request = serverSpan(spans);
    expect(request).toMatchObject({
      name: 'GET /svc/{everything}',
      parentSpanId: PARENT,
      attributes: { 'http.request.method': 'GET', 'http.route': '/svc/{everything}', 'gateway.route': 'routes[0]', 'http.response.status_code': 200, 'request.id': requestId, 'url.path': '/svc/echo' },
    });
    const [attempt] = receiver.childrenOf(request);
    expect(attempt).toMatchObject({
      name: 'GET',
      kind: OTLP_CLIENT,
      attributes: { 'gateway.instance': live.url, 'url.full': `${live.url}/echo`, 'http.response.status_code': 200 },
    });
    expect(outgoing(live.seen[0].headers['traceparent'])).toEqual({ traceId: TRACE, parentId: attempt.spanId, flags: '01' });
  });

  it('a GET retried on another instance: two attempt spans, the failed one marked, each id the one its instance saw', async () => {
    const trace = 'a'.repeat(31) + '1';
    await traced([broken.url, live.url], async (url) => {
      expect((await send(`${url}/svc/r`, { headers: { traceparent: `00-${trace}-${PARENT}-01` } })).status).toBe(200);
    });
    const request = serverSpan(gatewaySpans(trace));
    const attempts = receiver.childrenOf(request);
    const failed = attempts.find((s) => s.attributes['gateway.instance'] === broken.url)!;
    const retry = attempts.find((s) => s.attributes['gateway.instance'] === live.url)!;
    expect(attempts).toHaveLength(2);
    expect(failed).toMatchObject({ statusCode: OTLP_ERROR, attributes: { 'error.type': 'bad-response' } });
    expect(retry).toMatchObject({ attributes: { 'http.request.resend_count': 1, 'http.response.status_code': 200 } });
    expect(outgoing(broken.seen[0].headers['traceparent']).parentId).toBe(failed.spanId);
    expect(outgoing(live.seen[0].headers['traceparent']).parentId).toBe(retry.spanId);
  });

  it('a request the service cannot answer (POST, reset: 502) fails its request span', async () => {
    const trace = 'b'.repeat(31) + '2';
    await traced([broken.url], async (url) => {
      const res = await send(`${url}/svc/r`, { method: 'POST', body: 'x', headers: { traceparent: `00-${trace}-${PARENT}-01` } });
      expect(res.status).toBe(502);
    });
    const request = serverSpan(gatewaySpans(trace));
    expect(request).toMatchObject({ statusCode: OTLP_ERROR, attributes: { 'http.response.status_code': 502, 'error.type': '502' } });
    expect(receiver.childrenOf(request)).toEqual([expect.objectContaining({ statusCode: OTLP_ERROR, attributes: expect.objectContaining({ 'error.type': 'bad-response' }) })]);
  });

  it('a new trace without a client traceparent: a root request span, and the access log names its trace', async () => {
    const log = captureLog();
    let traceId = '';
    gw = await startGateway({ config: testConfig({ svc: [live.url] }, ROUTES), env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url }, logger: log.logger });
    try {
      const res = await send(`${gw.url}/svc/echo`);
      traceId = outgoing(res.json().headers['traceparent']).traceId;
      expect(log.accessLine(res.headers['x-request-id'])).toMatchObject({ trace_id: traceId });
    } finally {
      await gw.close();
    }
    expect(serverSpan(gatewaySpans(traceId))).toMatchObject({ parentSpanId: '', name: 'GET /svc/{everything}' });
  });

  it('an OTEL_EXPORTER_OTLP_ENDPOINT that is not a URL stops start-up, naming it', async () => {
    const start = createGatewayApp({ config: testConfig({ svc: [live.url] }, ROUTES), env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'jaeger' }, watchConfig: false });
    await expect(start).rejects.toThrow(TracingConfigError);
    await expect(createGatewayApp({ config: testConfig({ svc: [live.url] }, ROUTES), env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'jaeger' }, watchConfig: false })).rejects.toThrow(
      'OTEL_EXPORTER_OTLP_ENDPOINT: "jaeger" is not a URL; write it as "http://host:4318"',
    );
  });
});
