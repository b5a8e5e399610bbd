import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { plainAddress } from '@corsway/contracts';
import type { TrustedProxies } from './trusted-proxies';

/** What the service is told about the client (X-Forwarded-For, -Proto, -Host) and whom limits count. */
export interface ForwardedFacts {
  /** The client's address: the peer, or behind trusted proxies the nearest address that is not one. */
  readonly clientIp: string;
  /** The X-Forwarded-For value to send: ours alone, or a trusted chain with the peer appended. */
  readonly forwardedFor: string;
  readonly proto: string;
  readonly host: string | undefined;
}

function first(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  const head = v?.split(',')[0]?.trim();
  return head ? head : undefined;
}

/**
 * The de-facto X-Forwarded-* rules (as Express's `trust proxy` and nginx's
 * `real_ip_recursive` apply them):
 *
 * - untrusted peer: X-Forwarded-For/-Proto/-Host are REPLACED by what this
 *   hop sees (the peer's address, this connection's scheme, its Host);
 * - trusted peer: the chain is kept and the peer APPENDED; the client is the
 *   right-most address of `chain + peer` that is not a trusted proxy (an
 *   entry that is not an IP ends the walk: nothing left of it can be
 *   believed); X-Forwarded-Proto and -Host are kept when sent, so a
 *   TLS-terminating proxy in front keeps cookies `Secure`.
 */
export function resolveForwarded(req: IncomingMessage, trusted: TrustedProxies): ForwardedFacts {
  const peer = plainAddress(req.socket.remoteAddress ?? '');
  const proto = (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
  const host = req.headers.host;
  if (!trusted.trusts(peer)) return { clientIp: peer, forwardedFor: peer, proto, host };
  const header = req.headers['x-forwarded-for'];
  const prior = (Array.isArray(header) ? header.join(',') : header ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  let clientIp = peer;
  for (let i = prior.length - 1; i >= 0; i--) {
    if (!trusted.trusts(clientIp)) break;
    const candidate = plainAddress(prior[i]);
    if (isIP(candidate) === 0) break;
    clientIp = candidate;
  }
  const sentProto = first(req.headers['x-forwarded-proto'])?.toLowerCase();
  return {
    clientIp,
    forwardedFor: prior.length ? `${prior.join(', ')}, ${peer}` : peer,
    proto: sentProto === 'https' || sentProto === 'http' ? sentProto : proto,
    host: first(req.headers['x-forwarded-host']) ?? host,
  };
}
