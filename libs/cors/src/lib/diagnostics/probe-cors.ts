import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { methodOf, needsPreflight, preflightHeadersFor, actualHeadersFor, scriptError, type BrowserCorsRequest } from './browser-cors-request';
import { explainCors, type CorsExplanation, type ObservedResponse } from './explain-cors';

// RFC 9110 §9.2.1: the methods a client may send without asking for a change on the server.
const SAFE_METHODS = ['GET', 'HEAD', 'OPTIONS'];

/** Options of {@link probeCors}. */
export interface ProbeOptions {
  readonly timeoutMs?: number;
  /**
   * Send the actual request even when its method is not safe (RFC 9110
   * §9.2.1: POST, PUT, DELETE, PATCH...). Off by default: probing a login
   * route must not be a login attempt. Without it, such a request is
   * explained up to the preflight and its actual step is marked not sent.
   */
  readonly sendUnsafe?: boolean;
}

/** One request with Node's own client (no dependency): the status and headers, or null when unreachable. */
function send(url: string, method: string, headers: Record<string, string>, timeoutMs: number, body?: string): Promise<ObservedResponse | null> {
  return new Promise((resolve) => {
    const target = new URL(url);
    // Framed like a browser's request: Node sends a DELETE/OPTIONS body unframed unless told its length.
    if (body !== undefined) headers = { ...headers, 'content-length': String(Buffer.byteLength(body)) };
    const req = (target.protocol === 'https:' ? httpsRequest : httpRequest)(target, { method, headers, timeout: timeoutMs }, (res) => {
      // A browser runs its CORS check on the head; the body does not matter, nor how it ends.
      resolve({ status: res.statusCode as number, headers: res.headers });
      res.on('error', () => undefined);
      res.resume();
    });
    // Node's client uppercases every method; a browser sends `patch` or `Custom` as
    // written (Fetch §2.2.1 normalises only six), and servers may treat them
    // differently. The request line is written from req.method at end().
    req.method = method;
    // Unreachable, refused, timed out: explained as "could not be reached".
    req.once('timeout', () => req.destroy(new Error('timeout')));
    req.once('error', () => resolve(null));
    req.end(body);
  });
}

/**
 * Sends what a browser would send for a cross-origin call (the preflight when
 * one is needed, then, if it passes, the request itself, with `Origin`) and
 * explains the outcome with {@link explainCors}. A request whose method is
 * not safe is sent only with `sendUnsafe: true`.
 *
 * @example
 * ```ts
 * const r = await probeCors({ url: 'http://localhost:7204/users/user/me', origin: 'http://localhost:7152', credentials: true });
 * console.log(r.allowed, r.explanation);
 * ```
 */
export async function probeCors(req: BrowserCorsRequest & ProbeOptions): Promise<CorsExplanation> {
  const timeout = req.timeoutMs ?? 10_000;
  if (scriptError(req) !== null) return explainCors({ request: req });
  let preflight: ObservedResponse | null = null;
  if (needsPreflight(req)) {
    preflight = await send(req.url, 'OPTIONS', preflightHeadersFor(req), timeout);
    const verdict = explainCors({ request: req, preflight });
    // A browser stops here when the preflight fails; the actual request is never sent.
    if (!verdict.steps[0].ok) return verdict;
  }
  const method = methodOf(req);
  if (!SAFE_METHODS.includes(method.toUpperCase()) && req.sendUnsafe !== true) {
    return explainCors({ request: req, preflight, actualNotSent: `${method} is not a safe method (RFC 9110 §9.2.1) and may change state on the server; pass sendUnsafe (CLI: --send) to send it, or explain from the policy (CLI: --dry-run)` });
  }
  const actual = await send(req.url, method, actualHeadersFor(req), timeout, req.body);
  return explainCors({ request: req, preflight, actual });
}
