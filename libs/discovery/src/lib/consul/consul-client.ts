import Consul from 'consul';
import { types } from 'node:util';
import type { ConsulEndpoint } from './consul-url';

/** One client per provider/registration; `destroy()` releases its keep-alive agent. */
export function createConsulClient(endpoint: ConsulEndpoint): Consul {
  return new Consul({ host: endpoint.host, port: endpoint.port, secure: endpoint.secure });
}

/**
 * Awaits a client call and turns an error it *resolved* with into a rejection.
 * The client's HTTP layer (papi) decides "reject or resolve" with
 * `value instanceof Error`; a socket error created by Node core in another
 * realm (e.g. under Jest's vm sandbox) fails that check and is resolved as if
 * it were the answer, so a refused connection would look like a successful
 * registration. `isNativeError` works across realms.
 */
export async function consulCall<T>(call: Promise<T>): Promise<T> {
  const value = await call;
  if (types.isNativeError(value)) throw value;
  return value;
}
