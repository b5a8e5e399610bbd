// One request before the load, to prove a contender answers what we think it
// answers (a fast 404 would otherwise look like a great result).
import { request } from 'node:http';

export function probe(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.setTimeout(10_000, () => req.destroy(new Error(`timeout probing ${url}`)));
    req.once('error', reject);
    req.end(body);
  });
}

/** The CORS-relevant part of a response, for the JSON report. */
export function corsHeaders(headers) {
  const out = {};
  for (const [k, v] of Object.entries(headers)) {
    if (k.startsWith('access-control-') || k === 'vary' || k === 'x-request-id') out[k] = v;
  }
  return out;
}

/** Why a preflight answer is not a granted StrictMvc preflight, or null when it is. */
export function preflightProblem(res, origin) {
  if (res.status !== 204 && res.status !== 200) return `status ${res.status}`;
  if (res.headers['access-control-allow-origin'] !== origin) return 'no Access-Control-Allow-Origin for the origin';
  if (!/post/i.test(res.headers['access-control-allow-methods'] ?? '')) return 'POST not in Access-Control-Allow-Methods';
  if (!/content-type/i.test(res.headers['access-control-allow-headers'] ?? '')) return 'content-type not allowed';
  return null;
}
