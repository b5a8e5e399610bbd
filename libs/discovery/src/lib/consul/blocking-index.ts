/**
 * The index to send with the next blocking query, following Consul's
 * "Blocking Queries" implementation notes (Consul HTTP API documentation):
 *
 * 1. The first call has no index (0): it answers at once with the current list.
 * 2. A returned index lower than the one we sent means Consul's state went
 *    backwards (restore, leader change): start over with 0, i.e. a
 *    non-blocking call, then follow the new index.
 * 3. A missing or non-positive index after the first call is a Consul bug that
 *    would make every "blocking" call return at once; use 1 instead, never 0.
 *
 * 0 therefore only ever means "do not block" and is never sent as `index`.
 */
export function nextBlockingIndex(sent: number, returned: number | undefined): number {
  if (returned === undefined || !Number.isFinite(returned) || returned <= 0) return 1;
  if (returned < sent) return 0;
  return returned;
}

/** `X-Consul-Index` as a number, or undefined when absent or garbled. */
export function parseConsulIndex(header: string | string[] | undefined): number | undefined {
  const raw = Array.isArray(header) ? header[0] : header;
  if (raw === undefined || !/^\d+$/.test(raw.trim())) return undefined;
  return Number(raw.trim());
}
