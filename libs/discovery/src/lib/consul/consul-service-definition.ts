import { hostname } from 'node:os';
import { DiscoveryConfigError } from '../discovery.errors';
import type { DiscoveryEnv } from '../discovery.options';
import type { ServiceRegistrationOptions } from '../register-service';
import type { ConsulServiceDefinition } from './consul-registration';

/**
 * What a service registers (Consul HTTP API, "Register Service" (PUT /v1/agent/service/register)):
 * ID `<name>-<host>-<port>`, address/port from `SERVICE_ADDRESS`/`SERVICE_PORT`
 * (defaults: the host name and the port actually listened on), an HTTP check on
 * `/health` every 10 s with a 5 s timeout, reaped after 1 m critical (Consul's
 * minimum), and the version as meta and as a `v<major>` tag.
 */
export function consulServiceDefinition(options: ServiceRegistrationOptions, env: DiscoveryEnv): ConsulServiceDefinition {
  if (typeof options.name !== 'string' || !/^[A-Za-z0-9-]+$/.test(options.name)) {
    throw new DiscoveryConfigError('name', `"${String(options.name)}" is not a service name; use letters, digits and dashes`);
  }
  const host = env.HOSTNAME?.trim() || hostname();
  const address = env.SERVICE_ADDRESS?.trim() || host;
  if (/[/\s]|^[a-z]+:\/\//i.test(address)) {
    throw new DiscoveryConfigError('SERVICE_ADDRESS', `"${address}" must be a host name or IP without scheme or path`);
  }
  const port = env.SERVICE_PORT?.trim() ? parsePort(env.SERVICE_PORT, 'SERVICE_PORT') : parsePort(String(options.port), 'port');
  const healthPath = options.healthPath ?? '/health';
  if (!healthPath.startsWith('/')) throw new DiscoveryConfigError('healthPath', `"${healthPath}" must start with "/"`);
  const urlHost = address.includes(':') ? `[${address}]` : address;
  const tags = [...(options.tags ?? [])];
  const meta: Record<string, string> = {};
  if (options.version) {
    meta['version'] = options.version;
    tags.push(`v${options.version.split('.')[0]}`);
  }
  return {
    id: `${options.name}-${host}-${port}`,
    name: options.name,
    address,
    port,
    tags,
    meta,
    check: { http: `http://${urlHost}:${port}${healthPath}`, interval: '10s', timeout: '5s', deregistercriticalserviceafter: '1m' },
  };
}

function parsePort(raw: string, field: string): number {
  const port = Number(raw.trim());
  if (!/^\d+$/.test(raw.trim()) || port < 1 || port > 65535) {
    throw new DiscoveryConfigError(field, `"${raw}" is not a port; use a number from 1 to 65535`);
  }
  return port;
}
