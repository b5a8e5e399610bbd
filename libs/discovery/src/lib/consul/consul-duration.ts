import { DiscoveryConfigError } from '../discovery.errors';

/** Parses a Consul/Go duration like `30s`, `1m`, `500ms` to milliseconds. */
export function parseDurationMs(raw: string, field: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(raw.trim());
  if (!match) throw new DiscoveryConfigError(field, `"${raw}" is not a duration; write it like "30s" or "1m"`);
  const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }[match[2] as 'ms' | 's' | 'm' | 'h'];
  return Number(match[1]) * unit;
}
