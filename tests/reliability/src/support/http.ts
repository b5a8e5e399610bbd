import { isApiEnvelope } from '@corsway/contracts';

/** One HTTP exchange as the tests see it. */
export interface Exchange {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON body, or null when the body is not JSON. */
  readonly body: Envelope | null;
  readonly text: string;
  /** Wall time from send to full body, in ms. */
  readonly ms: number;
}

/** The error/success envelope every user-service and gateway answer uses (docs/ARCHITECTURE.md). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whatever Data holds
export interface Envelope<T = any> {
  Success: boolean;
  Data: T;
  Message: string;
  Errors: Record<string, string[]> | null;
}

export interface CallOptions {
  readonly json?: unknown;
  /** Raw body (sent as is; set content-type yourself). */
  readonly body?: string | Uint8Array;
  readonly headers?: Record<string, string>;
  /** Client-side bound: a request that takes longer counts as hung (default 15 s). */
  readonly timeoutMs?: number;
}

/** Thrown when no HTTP answer arrived: `hung` (client timeout) or `network` (reset/refused). */
export class NoAnswerError extends Error {
  constructor(readonly kind: 'hung' | 'network', readonly ms: number, cause: unknown) {
    super(`${kind} after ${Math.round(ms)} ms: ${String((cause as Error)?.message ?? cause)}`);
  }
}

export async function call(method: string, url: string, options: CallOptions = {}): Promise<Exchange> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | Uint8Array | undefined = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] ??= 'application/json';
  }
  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? 15_000;
  try {
    const res = await fetch(url, { method, headers, body: body as BodyInit | undefined, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: parseJson(text), text, ms: performance.now() - started };
  } catch (error) {
    const ms = performance.now() - started;
    const name = (error as Error)?.name;
    throw new NoAnswerError(name === 'TimeoutError' || name === 'AbortError' ? 'hung' : 'network', ms, error);
  }
}

function parseJson(text: string): Envelope | null {
  try {
    return JSON.parse(text) as Envelope;
  } catch {
    return null;
  }
}

/** The shared envelope check (`@corsway/contracts`), plus a Message that actually says something. */
export function isEnvelope(x: unknown): x is Envelope {
  return isApiEnvelope(x) && x.Message.trim().length > 0;
}
