import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { CorsHttpCase } from './cors-http-cases';

/** Sends one raw request (node:http: `Origin` and friends are not forbidden headers here). */
export function sendRaw(
  baseUrl: string,
  method: string,
  path: string,
  headers: Readonly<Record<string, string>> = {},
): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(new URL(path, baseUrl), { method, headers: { connection: 'close', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * Runs one case against a live host and returns what is wrong (empty = pass),
 * so any test runner can assert `expect(await checkCorsHttpCase(url, c)).toEqual([])`.
 *
 * @example
 * ```ts
 * it.each(CORS_HTTP_CASES.map((c) => [c.name, c] as const))('%s', async (_n, c) => {
 *   expect(await checkCorsHttpCase(baseUrl, c)).toEqual([]);
 * });
 * ```
 */
export async function checkCorsHttpCase(baseUrl: string, c: CorsHttpCase): Promise<string[]> {
  const res = await sendRaw(baseUrl, c.request.method, c.request.path, c.request.headers);
  const problems: string[] = [];
  if (c.expect.status !== undefined && res.status !== c.expect.status) problems.push(`status ${res.status}, expected ${c.expect.status}`);
  for (const [name, value] of Object.entries(c.expect.headers ?? {})) {
    const actual = res.headers[name];
    if (value === null ? actual !== undefined : actual !== value) {
      problems.push(`${name}: ${JSON.stringify(actual)}, expected ${value === null ? 'absent' : JSON.stringify(value)}`);
    }
  }
  if (c.expect.noAccessControl) {
    const present = Object.keys(res.headers).filter((h) => h.startsWith('access-control-'));
    if (present.length) problems.push(`expected no Access-Control-* headers, got ${present.join(', ')}`);
  }
  const vary = String(res.headers.vary ?? '').toLowerCase().split(',').map((s) => s.trim());
  for (const token of c.expect.varyIncludes ?? []) {
    if (!vary.includes(token.toLowerCase())) problems.push(`Vary "${res.headers.vary ?? ''}" lacks ${token}`);
  }
  return problems;
}
