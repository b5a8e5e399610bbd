import type { ApiEnvelope } from '@corsway/contracts';

export interface HttpResult<T = unknown> {
  status: number;
  headers: Headers;
  body: ApiEnvelope<T>;
  /** Raw text, for responses that are not JSON. */
  text: string;
}

/** One request with fetch; JSON bodies are serialised unless `raw` is given. */
export async function request<T = unknown>(
  url: string,
  init: { method?: string; json?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<HttpResult<T>> {
  const headers: Record<string, string> = { ...init.headers };
  let body: string | undefined;
  if (init.json !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = JSON.stringify(init.json);
  } else if (init.raw !== undefined) {
    body = init.raw;
  }
  const res = await fetch(url, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, body });
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  return { status: res.status, headers: res.headers, body: parsed as ApiEnvelope<T>, text };
}

export const post = <T = unknown>(url: string, json: unknown, headers: Record<string, string> = {}) =>
  request<T>(url, { method: 'POST', json, headers });

/** `name=value` of the Set-Cookie for `name`, or undefined. */
export function setCookie(headers: Headers, name: string): string | undefined {
  return headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
}

/** The value of the Set-Cookie for `name` (throws if there is none: the test expected one). */
export function cookieValue(headers: Headers, name: string): string {
  const cookie = setCookie(headers, name);
  if (!cookie) throw new Error(`no Set-Cookie for ${name}: ${headers.getSetCookie().join(' | ')}`);
  return cookie.slice(name.length + 1).split(';')[0];
}
