/**
 * The Fetch standard's request-side CORS definitions (Fetch §2.2.1 methods,
 * §2.2.2 headers), byte for byte, plus the few places where Chromium (the
 * browser the differential test checks against) safelists more: the
 * `chromium` flag below. Header values are JS strings of bytes (ByteString,
 * Fetch §5.2): a code unit above 0xFF never gets here, `fetch` throws first.
 */

/** `fetch` uppercases these, case-insensitively (Fetch §2.2.1 "normalize"). PATCH is NOT among them. */
const NORMALIZED_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'];
/** Fetch §2.2.1 "forbidden method": `fetch` throws a TypeError. */
const FORBIDDEN_METHODS = ['CONNECT', 'TRACE', 'TRACK'];
/** Fetch §2.2.1 "CORS-safelisted method". */
export const SAFELISTED_METHODS: readonly string[] = ['GET', 'HEAD', 'POST'];

/** RFC 9110 §5.6.2 token. */
export function isToken(s: string): boolean {
  return /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(s);
}

export function normalizeMethod(method: string): string {
  const upper = method.toUpperCase();
  return NORMALIZED_METHODS.includes(upper) ? upper : method;
}

export function isForbiddenMethod(method: string): boolean {
  return FORBIDDEN_METHODS.includes(method.toUpperCase());
}

// Fetch §2.2.2 "forbidden request-header" names (script cannot set them; `Headers` drops them silently).
const FORBIDDEN_NAMES = new Set([
  'accept-charset', 'accept-encoding', 'access-control-request-headers', 'access-control-request-method', 'connection',
  'content-length', 'cookie', 'cookie2', 'date', 'dnt', 'expect', 'host', 'keep-alive', 'origin', 'referer', 'set-cookie', 'te',
  'trailer', 'transfer-encoding', 'upgrade', 'via',
]);
// Chromium's own list (net::HttpUtil::IsSafeHeader) also keeps these from script.
const CHROMIUM_FORBIDDEN_NAMES = new Set(['access-control-request-private-network', 'user-agent']);
const METHOD_OVERRIDES = new Set(['x-http-method', 'x-http-method-override', 'x-method-override']);

/** Fetch §2.2.2 "forbidden request-header" (name and value; values of the method-override headers count). */
export function isForbiddenRequestHeader(name: string, value: string, chromium = true): boolean {
  const n = name.toLowerCase();
  if (FORBIDDEN_NAMES.has(n) || n.startsWith('proxy-') || n.startsWith('sec-')) return true;
  if (chromium && CHROMIUM_FORBIDDEN_NAMES.has(n)) return true;
  return METHOD_OVERRIDES.has(n) && value.split(',').some((m) => isForbiddenMethod(m.trim()));
}

/** Fetch §2.2.2 "CORS-unsafe request-header byte". */
export function isCorsUnsafeByte(code: number): boolean {
  return (code < 0x20 && code !== 0x09) || '"():<>?@[\\]{}\x7f'.includes(String.fromCharCode(code));
}

const hasUnsafeByte = (v: string) => [...v].some((c) => isCorsUnsafeByte(c.charCodeAt(0)));
const LANGUAGE_BYTES = /^[0-9A-Za-z *,\-.;=]*$/;
const SAFE_MIME_ESSENCES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

/** MIME Sniffing §4.4 "parse a MIME type", reduced to what CORS needs: the essence, or null on failure. */
export function mimeEssence(value: string): string | null {
  const input = value.replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, '');
  const slash = input.indexOf('/');
  if (slash === -1) return null;
  const type = input.slice(0, slash);
  const semi = input.indexOf(';', slash);
  const subtype = input.slice(slash + 1, semi === -1 ? undefined : semi).replace(/[\t\n\f\r ]+$/, '');
  if (!isToken(type) || !isToken(subtype)) return null;
  return `${type}/${subtype}`.toLowerCase();
}

/** Fetch §2.2.2 "simple range header value": `bytes=` start `-` [end], no whitespace, start ≤ end, no suffix range. */
export function isSimpleRange(value: string): boolean {
  const m = /^bytes=(\d+)-(\d*)$/i.exec(value);
  if (m === null) return false;
  return m[2] === '' || BigInt(m[1]) <= BigInt(m[2]);
}

const doubleLike = (v: string) => /^\d+(\.\d+)?$/.test(v);
const intLike = (v: string) => /^\d+$/.test(v);
const ECT = ['slow-2g', '2g', '3g', '4g'];

// Chromium safelists these client hints (services/network/public/cpp/cors/cors.cc) on top of Fetch's list.
const CHROMIUM_SAFELIST: Record<string, (v: string) => boolean> = {
  'device-memory': doubleLike, dpr: doubleLike, downlink: doubleLike,
  width: intLike, 'viewport-width': intLike, rtt: intLike,
  ect: (v) => ECT.includes(v), 'save-data': (v) => v.toLowerCase() === 'on', intervention: () => true,
};

/** Fetch §2.2.2 "CORS-safelisted request-header" (every value rule, and the 128-byte limit per value). */
export function isCorsSafelistedRequestHeader(name: string, value: string, chromium = true): boolean {
  if (value.length > 128) return false;
  const n = name.toLowerCase();
  switch (n) {
    case 'accept':
      return !hasUnsafeByte(value);
    case 'accept-language':
    case 'content-language':
      return LANGUAGE_BYTES.test(value);
    case 'content-type': {
      if (hasUnsafeByte(value)) return false;
      const essence = mimeEssence(value);
      return essence !== null && SAFE_MIME_ESSENCES.includes(essence);
    }
    case 'range':
      return isSimpleRange(value);
    default:
      return chromium && Object.prototype.hasOwnProperty.call(CHROMIUM_SAFELIST, n) ? CHROMIUM_SAFELIST[n](value) : false;
  }
}

/**
 * Fetch §2.2.2 "CORS-unsafe request-header names", forbidden headers left
 * out: names whose value is not safelisted, and all of them once the
 * safelisted values together exceed 1024 bytes. Lowercase, sorted, unique.
 */
export function corsUnsafeRequestHeaderNames(headers: readonly (readonly [string, string])[], chromium = true): string[] {
  const unsafe = new Set<string>();
  const potentially: string[] = [];
  let size = 0;
  for (const [name, value] of headers) {
    if (isForbiddenRequestHeader(name, value, chromium)) continue;
    if (isCorsSafelistedRequestHeader(name, value, chromium)) {
      potentially.push(name.toLowerCase());
      size += value.length;
    } else {
      unsafe.add(name.toLowerCase());
    }
  }
  if (size > 1024) for (const n of potentially) unsafe.add(n);
  return [...unsafe].sort();
}

/** Fetch §2.2.2 "CORS-safelisted response-header name" (readable without Access-Control-Expose-Headers). */
export const SAFELISTED_RESPONSE_HEADERS: readonly string[] = [
  'cache-control', 'content-language', 'content-length', 'content-type', 'expires', 'last-modified', 'pragma',
];
