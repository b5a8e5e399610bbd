import pino from 'pino';
import type { GatewayLogger } from './gateway.logger';

/** One line per answered request (apps/gateway/README.md "Logs"). */
export interface AccessLogEntry {
  readonly reqId: string;
  /** W3C Trace Context trace id (32 lowercase hex digits, checked or made by the trace context stage), or '-'. */
  readonly trace_id: string;
  readonly method: string;
  readonly url: string;
  readonly route: string;
  readonly instance: string;
  readonly status: number;
  readonly durationMs: number;
}

type PinoInternals = { [key: symbol]: unknown };

/**
 * Writes the `proxied` line exactly as `logger.info(entry, 'proxied')` would
 * (pino's default format: numeric level, epoch `time`, the logger's bindings,
 * `msg`) into the logger's own destination, with a fixed-shape template
 * instead of pino's generic serializer. The line is about 5 % of a proxied
 * request's instructions (bench/README.md); `JSON.stringify` per string and
 * formatting `time` per line were parts of that with no purpose: strings
 * that need no escaping (the request id, the method, the route, the
 * instance, nearly every URL) are quoted as they are, and the millisecond's
 * text is reused by every line of that millisecond.
 * `isLevelEnabled('info')` is asked again only when the logger's level
 * value has changed since the last line.
 */
export function accessLogger(logger: GatewayLogger): (entry: AccessLogEntry) => void {
  const internals = logger as unknown as PinoInternals;
  const level = logger.levels.values['info'];
  let levelVal = Number.NaN;
  let enabled = false;
  let ms = -1;
  let msText = '';
  return (e) => {
    if (logger.levelVal !== levelVal) {
      levelVal = logger.levelVal;
      enabled = logger.isLevelEnabled('info');
    }
    if (!enabled) return;
    const now = Date.now();
    if (now !== ms) {
      ms = now;
      msText = String(now);
    }
    const bindings = internals[pino.symbols.chindingsSym] as string;
    const stream = internals[pino.symbols.streamSym] as { write(line: string): unknown };
    stream.write(
      `{"level":${level},"time":${msText}${bindings},"reqId":${jsonString(e.reqId)},"trace_id":${jsonString(e.trace_id)},"method":${jsonString(e.method)},` +
        `"url":${jsonString(e.url)},"route":${jsonString(e.route)},"instance":${jsonString(e.instance)},` +
        `"status":${e.status},"durationMs":${e.durationMs},"msg":"proxied"}\n`,
    );
  };
}

/**
 * `JSON.stringify(s)` for a string: quoted as it is when every character is
 * printable ASCII other than `"` and `\` (RFC 8259 §7: nothing to escape),
 * else through `JSON.stringify`. A request target may carry any byte, so
 * the URL is checked like the rest.
 */
export function jsonString(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) return JSON.stringify(s);
  }
  return `"${s}"`;
}
