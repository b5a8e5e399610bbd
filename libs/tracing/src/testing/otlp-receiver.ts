import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** One span as a test reads it, flattened out of OTLP's resourceSpans > scopeSpans > spans. */
export interface ReceivedSpan {
  /** The resource's `service.name`. */
  readonly service: string;
  readonly traceId: string;
  readonly spanId: string;
  /** '' for a root span. */
  readonly parentSpanId: string;
  readonly name: string;
  /** OTLP's SpanKind: 1 internal, 2 server, 3 client. */
  readonly kind: number;
  readonly attributes: Readonly<Record<string, unknown>>;
  /** OTLP's status code: 0 unset, 1 ok, 2 error. */
  readonly statusCode: number;
}

// The parts of OTLP/JSON (ExportTraceServiceRequest) read here.
interface OtlpKeyValue {
  key: string;
  value: OtlpAnyValue;
}
interface OtlpAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number | string;
  doubleValue?: number;
  arrayValue?: { values?: OtlpAnyValue[] };
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind?: number;
  attributes?: OtlpKeyValue[];
  status?: { code?: number };
}
export interface OtlpResourceSpans {
  resource?: { attributes?: OtlpKeyValue[] };
  scopeSpans?: { spans?: OtlpSpan[] }[];
}

/**
 * An OTLP/HTTP receiver for tests (the part of a collector an exporter
 * talks to): accepts `POST /v1/traces` with a JSON ExportTraceServiceRequest
 * (gzip or not), answers 200 `{}`, and keeps every `resourceSpans` entry.
 * Anything else gets 404 (another path) or 415 (another content type, e.g.
 * protobuf), and is counted in `refused`.
 */
export class OtlpReceiver {
  readonly resourceSpans: OtlpResourceSpans[] = [];
  /** `METHOD path content-type` of each request that was not a JSON trace export. */
  readonly refused: string[] = [];
  private server: Server | null = null;
  private port = 0;

  /** The value for OTEL_EXPORTER_OTLP_ENDPOINT (the base URL, without /v1/traces). */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Every span received so far, in arrival order. */
  get spans(): ReceivedSpan[] {
    return this.resourceSpans.flatMap((rs) => {
      const service = String(attributeMap(rs.resource?.attributes)['service.name'] ?? '');
      return (rs.scopeSpans ?? []).flatMap((ss) => (ss.spans ?? []).map((s) => toReceivedSpan(service, s)));
    });
  }

  /** The spans of one trace. */
  trace(traceId: string): ReceivedSpan[] {
    return this.spans.filter((s) => s.traceId === traceId);
  }

  /** The spans whose parent is `span`. */
  childrenOf(span: ReceivedSpan): ReceivedSpan[] {
    return this.spans.filter((s) => s.traceId === span.traceId && s.parentSpanId === span.spanId);
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      void readBody(req).then(
        (body) => {
          const type = req.headers['content-type'] ?? '';
          if (req.method !== 'POST' || req.url !== '/v1/traces' || !type.startsWith('application/json')) {
            this.refused.push(`${req.method} ${req.url} ${type}`);
            res.writeHead(req.url === '/v1/traces' ? 415 : 404).end();
            return;
          }
          const raw = req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body;
          const request = JSON.parse(raw.toString('utf8')) as { resourceSpans?: OtlpResourceSpans[] };
          this.resourceSpans.push(...(request.resourceSpans ?? []));
          res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        },
        () => res.destroy(),
      );
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server === null) return;
    this.server = null;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function toReceivedSpan(service: string, s: OtlpSpan): ReceivedSpan {
  return {
    service,
    traceId: s.traceId,
    spanId: s.spanId,
    parentSpanId: s.parentSpanId ?? '',
    name: s.name,
    kind: s.kind ?? 0,
    attributes: attributeMap(s.attributes),
    statusCode: s.status?.code ?? 0,
  };
}

function attributeMap(kvs: OtlpKeyValue[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { key, value } of kvs ?? []) out[key] = anyValue(value);
  return out;
}

function anyValue(v: OtlpAnyValue): unknown {
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.boolValue !== undefined) return v.boolValue;
  // int64 may be a JSON string (OTLP/JSON allows both).
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.arrayValue !== undefined) return (v.arrayValue.values ?? []).map(anyValue);
  return undefined;
}
