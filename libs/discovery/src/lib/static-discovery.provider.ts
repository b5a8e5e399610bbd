import { DiscoveryConfigError } from './discovery.errors';
import type { ServiceDiscoveryProvider } from './service-discovery.provider';
import type { DiscoveryStatus, ServiceInstance } from './service-instance';

/** `discovery.services` of the gateway config: service name -> base URLs. */
export type StaticServiceMap = Readonly<Record<string, readonly string[]>>;

/**
 * The embedded default: a fixed list of instances from config. Validated once,
 * at construction, so a typo in a URL stops start-up instead of failing requests.
 */
export class StaticDiscoveryProvider implements ServiceDiscoveryProvider {
  private readonly instances = new Map<string, readonly ServiceInstance[]>();
  private readonly startedAt = Date.now();

  constructor(services: StaticServiceMap, fieldPath = 'discovery.services') {
    if (typeof services !== 'object' || services === null || Array.isArray(services)) {
      throw new DiscoveryConfigError(fieldPath, 'must be an object mapping service names to arrays of base URLs');
    }
    for (const [service, urls] of Object.entries(services)) {
      const field = `${fieldPath}.${service}`;
      if (!Array.isArray(urls) || urls.length === 0) {
        throw new DiscoveryConfigError(field, 'must be a non-empty array of base URLs like "http://127.0.0.1:7101"');
      }
      this.instances.set(
        service,
        Object.freeze(urls.map((url, i) => Object.freeze({ id: `${service}#${i}`, service, url: parseBaseUrl(url, `${field}[${i}]`) }))),
      );
    }
  }

  async start(): Promise<void> {
    // Nothing to fetch: the list is the config.
  }

  async stop(): Promise<void> {
    // Nothing to release.
  }

  getInstances(service: string): readonly ServiceInstance[] {
    return this.instances.get(service) ?? [];
  }

  knownServices(): readonly string[] {
    return [...this.instances.keys()];
  }

  status(): DiscoveryStatus {
    return { provider: 'static', healthy: true, lastUpdated: this.startedAt };
  }
}

function parseBaseUrl(raw: unknown, field: string): string {
  if (typeof raw !== 'string') throw new DiscoveryConfigError(field, 'must be a string URL like "http://127.0.0.1:7101"');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new DiscoveryConfigError(field, `"${raw}" is not a URL; write it as "http://host:port"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new DiscoveryConfigError(field, `"${raw}" must use http or https`);
  }
  if (url.pathname !== '/' || url.search || url.hash) {
    throw new DiscoveryConfigError(field, `"${raw}" must be a base URL without path, query or fragment`);
  }
  return url.origin;
}
