import { request } from 'undici';
import { needsPreflight, preflightHeadersFor, methodOf, type BrowserCorsRequest } from './browser-cors-request';
import { explainCors, type CorsExplanation, type ObservedResponse } from './explain-cors';

async function send(url: string, method: string, headers: Record<string, string>, timeoutMs: number, body?: string): Promise<ObservedResponse | null> {
  try {
    const res = await request(url, { method: method as 'GET', headers, body, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
    await res.body.dump();
    return { status: res.statusCode, headers: res.headers as ObservedResponse['headers'] };
  } catch {
    return null; // unreachable, refused, timed out: explained as "could not be reached"
  }
}

/**
 * Sends what a browser would send for a cross-origin call (the preflight when
 * one is needed, then, if it passes, the request itself, with `Origin`) and
 * explains the outcome with {@link explainCors}.
 *
 * @example
 * ```ts
 * const r = await probeCors({ url: 'http://localhost:7204/users/user/login', origin: 'http://localhost:7152',
 *                             method: 'POST', headers: { 'Content-Type': 'application/json' }, credentials: true });
 * console.log(r.allowed, r.explanation);
 * ```
 */
export async function probeCors(req: BrowserCorsRequest & { readonly timeoutMs?: number }): Promise<CorsExplanation> {
  const timeout = req.timeoutMs ?? 10_000;
  let preflight: ObservedResponse | null = null;
  if (needsPreflight(req)) {
    preflight = await send(req.url, 'OPTIONS', preflightHeadersFor(req), timeout);
    const verdict = explainCors({ request: req, preflight });
    // A browser stops here when the preflight fails; the actual request is never sent.
    if (!verdict.steps[0].ok) return verdict;
  }
  const actual = await send(req.url, methodOf(req), { ...(req.headers ?? {}), origin: req.origin }, timeout, req.body);
  return explainCors({ request: req, preflight, actual });
}
