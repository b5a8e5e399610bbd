import { plainAddress } from '@corsway/contracts';
import { BlockList, isIP } from 'node:net';
import { GatewayConfigError } from '../config/gateway-config.error';

/** Names Express's `trust proxy` also accepts, for the usual cases. */
const ALIASES: Readonly<Record<string, readonly string[]>> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

/**
 * The peers whose `X-Forwarded-*` headers the gateway believes: addresses and
 * CIDR ranges (`10.0.0.0/8`, `::1`), or `loopback`, `linklocal`,
 * `uniquelocal`. Empty (the default) trusts nobody.
 */
export class TrustedProxies {
  static readonly NONE = new TrustedProxies([], 'proxy.trustProxy');
  private readonly list = new BlockList();
  readonly size: number;

  /** @throws GatewayConfigError naming `field[i]` for an entry that is not an address, a CIDR or an alias */
  constructor(entries: readonly string[], field: string) {
    entries.forEach((entry, i) => {
      for (const cidr of ALIASES[entry.toLowerCase()] ?? [entry]) this.add(cidr, `${field}[${i}]`);
    });
    this.size = entries.length;
  }

  trusts(address: string): boolean {
    if (this.size === 0) return false;
    const ip = plainAddress(address);
    const family = isIP(ip);
    return family !== 0 && this.list.check(ip, family === 6 ? 'ipv6' : 'ipv4');
  }

  private add(cidr: string, field: string): void {
    const [address, bits, extra] = cidr.split('/');
    const family = isIP(address);
    const max = family === 6 ? 128 : 32;
    const prefix = bits === undefined ? max : Number(bits);
    if (family === 0 || extra !== undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > max || (bits !== undefined && bits.trim() === '')) {
      throw new GatewayConfigError(field, `"${cidr}" is not an IP address, a CIDR range like "10.0.0.0/8", or one of loopback, linklocal, uniquelocal`);
    }
    this.list.addSubnet(address, prefix, family === 6 ? 'ipv6' : 'ipv4');
  }
}
