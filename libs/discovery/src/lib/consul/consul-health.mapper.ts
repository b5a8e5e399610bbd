import type { ServiceInstance } from '../service-instance';

/** The parts of one `/v1/health/service/<name>` entry that discovery uses. */
export interface ConsulHealthEntry {
  Node?: { Node?: string; Address?: string };
  Service?: { ID?: string; Service?: string; Address?: string; Port?: number; Meta?: Record<string, string> | null };
  Checks?: { CheckID?: string; Status?: string }[];
}

/**
 * Maps a `?passing` answer to instances. `Service.Address` empty means "use the
 * node's address" (Consul's HTTP API documentation, /v1/health/service). Entries with
 * a non-passing check are dropped again here so a proxy or an older agent that
 * ignores `passing` can never send traffic to a critical instance.
 */
export function toServiceInstances(service: string, body: unknown): ServiceInstance[] {
  if (!Array.isArray(body)) throw new Error(`Consul answered /v1/health/service/${service} with ${typeof body}, expected a JSON array`);
  const instances: ServiceInstance[] = [];
  for (const entry of body as ConsulHealthEntry[]) {
    if (!entry || typeof entry !== 'object' || !entry.Service) continue;
    if ((entry.Checks ?? []).some((check) => check.Status !== 'passing')) continue;
    const host = entry.Service.Address || entry.Node?.Address;
    const port = entry.Service.Port;
    if (!host || typeof port !== 'number' || port <= 0) continue;
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    const meta = entry.Service.Meta ?? undefined;
    instances.push(Object.freeze({ id: entry.Service.ID || `${service}@${host}:${port}`, service, url, ...(meta ? { meta: Object.freeze({ ...meta }) } : {}) }));
  }
  // Stable order so "did the list change?" is a plain comparison.
  return instances.sort((a, b) => a.id.localeCompare(b.id));
}

export function sameInstances(a: readonly ServiceInstance[], b: readonly ServiceInstance[]): boolean {
  return a.length === b.length && a.every((x, i) => x.id === b[i].id && x.url === b[i].url);
}
