import { isIP } from 'node:net';

/** The IPv6 network one client is counted as by default: a /64. */
export const IPV6_CLIENT_PREFIX = 64;

/**
 * What per-client limits count (the gateway's `routes[].rateLimit`,
 * `clients.maxInFlight` and `clients.maxWebSockets`; user-service's sign-in
 * throttle and lockout): an IPv4 address as it is, an IPv6 address by its
 * network, the first `ipv6PrefixBits` bits (64 by default). One IPv6 client is
 * given a whole /64 at least (RFC 7934 §6: a /64 per host is what networks
 * hand out) and can pick a new address from it for every request, so a limit
 * per address is no limit there.
 *
 * `::ffff:203.0.113.9` (an IPv4 client on a dual-stack socket) counts as
 * `203.0.113.9`. Each spelling of one IPv6 network gives one key
 * (`2001:DB8:0:0::1` and `2001:db8::2` are both `2001:db8:0:0:0:0:0:0/64`).
 */
export function clientKey(address: string, ipv6PrefixBits = IPV6_CLIENT_PREFIX): string {
  // IPv4, the common case, without further work.
  if (!address.includes(':')) return address;
  const v4 = plainAddress(address);
  if (v4 !== address) return v4;
  const groups = ipv6Groups(address);
  if (groups === null) return address;
  let bits = ipv6PrefixBits;
  for (let i = 0; i < 8; i++, bits -= 16) {
    if (bits >= 16) continue;
    groups[i] = bits <= 0 ? 0 : groups[i] & (0xffff << (16 - bits)) & 0xffff;
  }
  return `${groups.map((g) => g.toString(16)).join(':')}/${ipv6PrefixBits}`;
}

/** The eight 16-bit groups of an IPv6 address (zone id dropped, `::` and a dotted IPv4 tail expanded); null if it is not one. */
function ipv6Groups(address: string): number[] | null {
  const zone = address.indexOf('%');
  let ip = zone === -1 ? address : address.slice(0, zone);
  if (isIP(ip) !== 6) return null;
  if (ip.includes('.')) {
    const tail = ip.slice(ip.lastIndexOf(':') + 1);
    const [a, b, c, d] = tail.split('.').map(Number);
    ip = `${ip.slice(0, ip.length - tail.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = ip.split('::');
  const before = head === '' ? [] : head.split(':');
  const after = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? [] : new Array<string>(8 - before.length - after.length).fill('0');
  return [...before, ...zeros, ...after].map((g) => parseInt(g, 16));
}

/** `::ffff:127.0.0.1` (an IPv4 peer on a dual-stack socket) as `127.0.0.1`. */
export function plainAddress(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}
