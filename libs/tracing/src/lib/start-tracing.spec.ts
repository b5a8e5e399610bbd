import { SpanKind } from '@opentelemetry/api';
import { OtlpReceiver } from '../testing/otlp-receiver';
import { otlpTracesUrl } from './otlp-endpoint';
import { startTracing } from './start-tracing';
import { Tracing } from './tracing';
import { TracingConfigError } from './tracing-config.error';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT = '00f067aa0ba902b7';
const OTLP_SERVER = 2;
const OTLP_CLIENT = 3;
const OTLP_INTERNAL = 1;
const OTLP_ERROR = 2;

describe('the OTLP endpoint (OTEL_EXPORTER_OTLP_ENDPOINT)', () => {
  it.each([
    ['http://jaeger:4318', 'http://jaeger:4318/v1/traces'],
    ['http://jaeger:4318/', 'http://jaeger:4318/v1/traces'],
    ['https://collector.example/otlp', 'https://collector.example/otlp/v1/traces'],
    ['https://collector.example/otlp/', 'https://collector.example/otlp/v1/traces'],
    [' http://127.0.0.1:4318 ', 'http://127.0.0.1:4318/v1/traces'],
  ])('%j -> %s', (endpoint, url) => {
    expect(otlpTracesUrl(endpoint)).toBe(url);
  });

  it.each([
    ['not a URL', 'jaeger:4318', /^OTEL_EXPORTER_OTLP_ENDPOINT: "jaeger:4318" must use http or https/],
    ['no scheme at all', 'jaeger', /^OTEL_EXPORTER_OTLP_ENDPOINT: "jaeger" is not a URL; write it as "http:\/\/host:4318"$/],
    ['gRPC-style scheme', 'grpc://jaeger:4317', /^OTEL_EXPORTER_OTLP_ENDPOINT: "grpc:\/\/jaeger:4317" must use http or https/],
    ['a query', 'http://jaeger:4318/?x=1', /must be the receiver's base URL, without query or fragment$/],
  ])('refuses %s at start-up, naming the variable', (_name, endpoint, message) => {
    const start = () => startTracing({ serviceName: 'svc', env: { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint } });
    expect(start).toThrow(TracingConfigError);
    expect(start).toThrow(message);
  });
});

describe('startTracing without an endpoint', () => {
  it.each([
    ['unset', {}],
    ['empty (unset, per OpenTelemetry)', { OTEL_EXPORTER_OTLP_ENDPOINT: '' }],
  ])('%s: tracing is off and nothing makes a span', async (_name, env) => {
    const tracing = startTracing({ serviceName: 'svc', env });
    expect(tracing).toBe(Tracing.off);
    expect(tracing.enabled).toBe(false);
    expect(tracing.startServerSpan('GET /', { traceId: TRACE, parentId: PARENT, sampled: true })).toBeNull();
    const fn = async () => 'ran';
    expect(tracing.bindChild('work', fn)).toBe(fn);
    await expect(tracing.inChildSpan('work', fn)).resolves.toBe('ran');
    await tracing.shutdown();
  });
});

describe('startTracing with an OTLP/HTTP receiver', () => {
  const receiver = new OtlpReceiver();
  let tracing: Tracing;

  beforeAll(async () => {
    await receiver.start();
    tracing = startTracing({ serviceName: 'svc-under-test', env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url } });
  });
  afterAll(async () => {
    await tracing.shutdown();
    await receiver.stop();
  });

  it('exports a server span under the caller, its client child and the children made across awaits, as OTLP/JSON', async () => {
    expect(tracing.enabled).toBe(true);
    const server = tracing.startServerSpan('POST /login', { traceId: TRACE, parentId: PARENT, sampled: true }, { 'request.id': 'r-1' })!;
    const client = tracing.startChildSpan('POST', server, SpanKind.CLIENT)!;
    client.end();
    const result = await tracing.withSpan(server, async () => {
      await new Promise((r) => setTimeout(r, 5));
      return tracing.inChildSpan('db findUser', async () => {
        await new Promise((r) => setImmediate(r));
        return tracing.inChildSpan('nested', async () => 42);
      });
    });
    expect(result).toBe(42);
    server.end();
    await tracing.flush();

    const spans = receiver.trace(TRACE);
    const byName = (name: string) => spans.find((s) => s.name === name)!;
    expect(spans.map((s) => s.name).sort()).toEqual(['POST', 'POST /login', 'db findUser', 'nested']);
    expect(byName('POST /login')).toMatchObject({ service: 'svc-under-test', parentSpanId: PARENT, kind: OTLP_SERVER, attributes: { 'request.id': 'r-1' } });
    expect(byName('POST')).toMatchObject({ parentSpanId: byName('POST /login').spanId, kind: OTLP_CLIENT });
    expect(byName('db findUser')).toMatchObject({ parentSpanId: byName('POST /login').spanId, kind: OTLP_INTERNAL });
    expect(byName('nested').parentSpanId).toBe(byName('db findUser').spanId);
    for (const s of spans) expect(s.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(receiver.refused).toEqual([]);
  });

  it('starts a new trace when there is no valid parent', async () => {
    const root = tracing.startServerSpan('GET /', null)!;
    root.end();
    await tracing.flush();
    const [span] = receiver.trace(root.spanContext().traceId);
    expect(span).toMatchObject({ name: 'GET /', parentSpanId: '', traceId: expect.stringMatching(/^[0-9a-f]{32}$/) });
  });

  it('bindChild takes the parent when the work is queued, not when it runs (work behind a queue)', async () => {
    const a = tracing.startServerSpan('request A', null)!;
    const b = tracing.startServerSpan('request B', null)!;
    // A's work is queued while A is active, and only runs from B's context (the slot B freed).
    const queued = tracing.withSpan(a, () => tracing.bindChild('hash', async () => 'hashed'));
    await expect(tracing.withSpan(b, () => queued())).resolves.toBe('hashed');
    a.end();
    b.end();
    await tracing.flush();
    const [hash] = receiver.spans.filter((s) => s.name === 'hash');
    expect(hash).toMatchObject({ traceId: a.spanContext().traceId, parentSpanId: a.spanContext().spanId });
  });

  it('makes no span for work outside any request (start-up: migrations, seeding)', async () => {
    const before = receiver.spans.length;
    const fn = async () => 'migrated';
    expect(tracing.bindChild('db migrate', fn)).toBe(fn);
    await tracing.inChildSpan('db migrate', fn);
    await tracing.flush();
    expect(receiver.spans.length).toBe(before);
  });

  it('a rejected child is marked failed (error.type, status ERROR) and the error goes on', async () => {
    const root = tracing.startServerSpan('POST /fails', null)!;
    const boom = Object.assign(new Error('database went away'), { name: 'DatabaseUnavailableError' });
    await expect(tracing.withSpan(root, () => tracing.inChildSpan('db query', () => Promise.reject(boom)))).rejects.toBe(boom);
    root.end();
    await tracing.flush();
    const failed = receiver.trace(root.spanContext().traceId).find((s) => s.name === 'db query')!;
    expect(failed).toMatchObject({ statusCode: OTLP_ERROR, attributes: { 'error.type': 'DatabaseUnavailableError' } });
  });
});
