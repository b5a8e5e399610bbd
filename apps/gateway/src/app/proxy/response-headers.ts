import type { IncomingHttpHeaders } from 'node:http';
import { connectionTokens, HOP_BY_HOP } from './hop-by-hop.headers';

/**
 * Headers passed back to the client: the upstream's minus hop-by-hop and minus
 * every `Access-Control-*` header. The gateway's policy is the only CORS
 * authority; a downstream's own CORS answer must not leak (Ocelot #799).
 * `Vary` is returned separately so it can be merged with the gateway's.
 */
export function filterUpstreamHeaders(headers: IncomingHttpHeaders): { headers: Record<string, string | string[]>; vary: string | null } {
  const named = connectionTokens(headers['connection']);
  const out: Record<string, string | string[]> = {};
  let vary: string | null = null;
  for (const key in headers) {
    const value = headers[key];
    if (value === undefined || HOP_BY_HOP.has(key) || named?.has(key) || key.startsWith('access-control-')) continue;
    if (key === 'vary') {
      vary = Array.isArray(value) ? value.join(', ') : value;
      continue;
    }
    out[key] = value;
  }
  return { headers: out, vary };
}

/** Appends Vary tokens without duplicates (DESIGN.md: "appended, never overwritten"). */
export function mergeVary(existing: string | undefined, extra: string): string {
  const tokens = new Map<string, string>();
  for (const t of `${existing ?? ''},${extra}`.split(',')) {
    const v = t.trim();
    if (v && !tokens.has(v.toLowerCase())) tokens.set(v.toLowerCase(), v);
  }
  return [...tokens.values()].join(', ');
}
