import { metricsPortFrom } from '@corsway/metrics';
import { WebConfigError } from './web-config.error';

/** Where the browser calls the gateway when GATEWAY_BASE_URL is unset (docs/ARCHITECTURE.md "Environment"). */
export const DEFAULT_GATEWAY_BASE_URL = 'http://localhost:7204';
export const DEFAULT_WEB_PORT = 7152;

/** The web app's validated settings. */
export interface WebConfig {
  /** Gateway base URL without a trailing slash, e.g. `http://localhost:7204`. */
  readonly gatewayBaseUrl: string;
  /** The gateway's origin, for the CSP `connect-src` (a base URL may carry a path). */
  readonly gatewayOrigin: string;
  readonly port: number;
  readonly host: string;
  readonly logLevel: string;
  /** `METRICS_PORT`: serve /metrics on this port only; undefined = on the web port. */
  readonly metricsPort?: number;
}

/**
 * Reads and validates the environment once, at start-up. Every error names
 * the variable and says what a valid value looks like.
 */
export function loadWebConfig(env: NodeJS.ProcessEnv = process.env): WebConfig {
  const { gatewayBaseUrl, gatewayOrigin } = parseGatewayBaseUrl(env['GATEWAY_BASE_URL']);
  return {
    gatewayBaseUrl,
    gatewayOrigin,
    port: parsePort(env['PORT']),
    host: env['HOST']?.trim() || '0.0.0.0',
    logLevel: env['LOG_LEVEL']?.trim() || 'info',
    metricsPort: metricsPortFrom(env),
  };
}

function parseGatewayBaseUrl(raw: string | undefined): { gatewayBaseUrl: string; gatewayOrigin: string } {
  const value = raw === undefined || raw.trim() === '' ? DEFAULT_GATEWAY_BASE_URL : raw.trim();
  const hint = `must be an absolute http(s) URL such as ${DEFAULT_GATEWAY_BASE_URL}; got "${value}"`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new WebConfigError('GATEWAY_BASE_URL', hint);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new WebConfigError('GATEWAY_BASE_URL', hint);
  // Credentials, a query or a fragment would end up in every API URL the browser builds.
  if (url.username || url.password || url.search || url.hash) {
    throw new WebConfigError('GATEWAY_BASE_URL', `must not contain credentials, a query or a fragment; got "${value}"`);
  }
  return { gatewayBaseUrl: `${url.origin}${url.pathname}`.replace(/\/+$/, ''), gatewayOrigin: url.origin };
}

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return DEFAULT_WEB_PORT;
  const port = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || port > 65535) {
    throw new WebConfigError('PORT', `must be an integer from 0 to 65535 (0 = any free port); got "${raw}"`);
  }
  return port;
}
