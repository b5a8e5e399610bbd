/**
 * Generated inputs of the differential test: CORS policies for gateway
 * routes, and the requests pages of several origins make against them. A
 * seeded PRNG (mulberry32) makes every run of one seed identical.
 */

export type Rng = () => number;

export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)];
const chance = (rng: Rng, p: number) => rng() < p;
function some<T>(rng: Rng, list: readonly T[], p = 0.5): T[] {
  return list.filter(() => chance(rng, p));
}

/** A policy in the gateway's JSON format (policiesFromConfig). */
export interface PolicyJson {
  origins: string[];
  headers?: string[];
  methods?: string[];
  credentials?: boolean;
  exposedHeaders?: string[];
  maxAgeSeconds?: number;
}

const REQUEST_HEADER_NAMES = ['X-Api-Key', 'X-Trace', 'Authorization', 'Content-Type', 'Accept', 'Accept-Language', 'Content-Language', 'Range', 'DPR', 'Save-Data'];
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'REPORT'];
/** Response headers the upstream sends (and the gateway adds X-Request-Id); the page tries to read each. */
export const RESPONSE_HEADERS = ['x-up-a', 'x-up-b', 'x-request-id', 'content-language', 'cache-control', 'content-type', 'x-never'];

export function generatePolicy(rng: Rng, pageOrigins: readonly string[]): PolicyJson {
  const anyOrigin = chance(rng, 0.25);
  const origins = anyOrigin ? ['*'] : [...some(rng, pageOrigins, 0.45), 'http://nowhere.test'];
  const policy: PolicyJson = { origins };
  if (chance(rng, 0.8)) policy.headers = chance(rng, 0.3) ? ['*'] : some(rng, REQUEST_HEADER_NAMES.map((h) => (chance(rng, 0.3) ? h.toLowerCase() : h)), 0.4);
  if (chance(rng, 0.8)) policy.methods = chance(rng, 0.3) ? ['*'] : some(rng, METHODS.filter((m) => m !== 'OPTIONS'), 0.4);
  if (!anyOrigin && chance(rng, 0.45)) policy.credentials = true;
  if (chance(rng, 0.5)) policy.exposedHeaders = chance(rng, 0.15) ? ['*'] : some(rng, ['X-Up-A', 'x-up-b', 'X-Request-Id'], 0.5);
  if (chance(rng, 0.3)) policy.maxAgeSeconds = pick(rng, [0, 5, 600]);
  if (policy.headers?.length === 0) delete policy.headers;
  if (policy.methods?.length === 0) delete policy.methods;
  if (policy.exposedHeaders?.length === 0) delete policy.exposedHeaders;
  return policy;
}

/** One request a page makes: `fetch(url, { method, headers, credentials, body })`. */
export interface FetchCase {
  readonly id: number;
  readonly pageOrigin: string;
  readonly url: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly credentials: 'omit' | 'same-origin' | 'include';
  readonly body?: string;
}

// Header values near every rule: safelisted and not, unsafe bytes, the 128-byte limit.
const VALUES: Record<string, (rng: Rng) => string> = {
  Accept: (rng) => pick(rng, ['*/*', 'application/json', 'text/html, */*;q=0.8', 'a"b', 'x@y', 'a'.repeat(128), 'a'.repeat(129), 'text/{x}', 'a\tb', '  */*  ']),
  'Accept-Language': (rng) => pick(rng, ['en-US,en;q=0.9', 'de', 'en_US', 'fr(ch)', 'x'.repeat(128), 'x'.repeat(129), '*', 'en\tus', ' de ']),
  'Content-Language': (rng) => pick(rng, ['en', 'pt-BR', 'en/us', 'caf\u00e9', 'a b']),
  'Content-Type': (rng) => pick(rng, ['text/plain', 'text/plain;charset=UTF-8', 'TEXT/PLAIN', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x',
    'application/json', 'text/html', 'text/plain; charset="utf-8"', 'text/plain@', 'text', 'text/plain, application/json', ' text/plain ', 'multipart/form-data', 'text/plain;;', 'text/plain\t;x=y']),
  Range: (rng) => pick(rng, ['bytes=0-', 'bytes=0-99', 'bytes=-50', 'bytes=10-5', 'bytes=0-1,5-6', 'items=0-1']),
  DPR: (rng) => pick(rng, ['2', '1.5', '2.', 'x']),
  Width: (rng) => pick(rng, ['100', '1.5']),
  'Save-Data': (rng) => pick(rng, ['on', 'off']),
  'Device-Memory': (rng) => pick(rng, ['8', '0.5', 'lots']),
  ECT: (rng) => pick(rng, ['4g', '5g']),
  'X-Api-Key': (rng) => pick(rng, ['k', 'key-123']),
  'X-Trace': (rng) => pick(rng, ['1', 'abc']),
  Authorization: (rng) => pick(rng, ['Bearer abc', 'Basic eDp5']),
  // Forbidden request headers: the browser drops them without a word.
  Cookie: () => 'a=b',
  DNT: () => '1',
  'User-Agent': () => 'corsway-test',
  'Sec-Custom': () => '1',
  'Proxy-Foo': () => '1',
  'X-HTTP-Method-Override': (rng) => pick(rng, ['TRACE', 'PUT']),
  'X-HTTP-Method': (rng) => pick(rng, ['get, connect', 'DELETE']),
  'Access-Control-Request-Headers': () => 'x-evil',
  'Accept-Encoding': () => 'identity',
};

function generateHeaders(rng: Rng): Record<string, string> {
  const headers: Record<string, string> = {};
  const count = pick(rng, [0, 0, 1, 1, 2, 3, 4]);
  const names = Object.keys(VALUES);
  for (let i = 0; i < count; i++) {
    const name = pick(rng, names);
    headers[chance(rng, 0.2) ? name.toLowerCase() : name] = VALUES[name](rng);
  }
  // Total of safelisted values around the 1024-byte limit.
  if (chance(rng, 0.06)) {
    headers['Accept'] = 'a'.repeat(128);
    headers['Accept-Language'] = 'b'.repeat(128);
    headers['Content-Language'] = 'c'.repeat(128);
    headers['DPR'] = '1'.repeat(128);
    headers['Width'] = '2'.repeat(128);
    headers['RTT'] = '3'.repeat(128);
    headers['Device-Memory'] = '4'.repeat(128);
    headers['Downlink'] = '5'.repeat(pick(rng, [124, 125, 126]));
  }
  return headers;
}

export function generateCase(rng: Rng, id: number, pageOrigin: string, routeBase: string): FetchCase {
  const method = pick(rng, ['GET', 'GET', 'POST', 'POST', 'PUT', 'put', 'DELETE', 'PATCH', 'patch', 'OPTIONS', 'HEAD', 'REPORT', 'TRACE', 'post']);
  const headers = generateHeaders(rng);
  const credentials = pick(rng, ['omit', 'same-origin', 'include'] as const);
  const upper = method.toUpperCase();
  const body = (upper !== 'GET' && upper !== 'HEAD' && chance(rng, 0.5)) || chance(rng, 0.02) ? '{"x":1}' : undefined;
  return { id, pageOrigin, url: `${routeBase}/c${id}`, method, headers, credentials, ...(body !== undefined ? { body } : {}) };
}
