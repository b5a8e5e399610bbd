import { DiscoveryConfigError } from '../discovery.errors';

/** Where the Consul agent's HTTP API is, split the way the `consul` client wants it. */
export interface ConsulEndpoint {
  readonly host: string;
  readonly port: number;
  readonly secure: boolean;
  /** The normalised base URL, for logs: `http://127.0.0.1:8500`. */
  readonly url: string;
}

/**
 * Parses `CONSUL_URL` / `discovery.consul.url` once, at start-up, so a typo
 * stops the app with the field's name instead of failing every refresh.
 */
export function parseConsulUrl(raw: unknown, field: string): ConsulEndpoint {
  if (typeof raw !== 'string' || raw.trim() === '') {
    throw new DiscoveryConfigError(field, 'must be a URL like "http://127.0.0.1:8500"');
  }
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new DiscoveryConfigError(field, `"${raw}" is not a URL; write it as "http://host:8500"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new DiscoveryConfigError(field, `"${raw}" must use http or https`);
  }
  if (url.pathname !== '/' || url.search || url.hash || url.username) {
    throw new DiscoveryConfigError(field, `"${raw}" must be the agent's base URL without path, query or credentials`);
  }
  const secure = url.protocol === 'https:';
  const port = url.port ? Number(url.port) : secure ? 443 : 80;
  // URL keeps IPv6 hosts bracketed; Node's http.request wants them bare.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return { host, port, secure, url: url.origin };
}
