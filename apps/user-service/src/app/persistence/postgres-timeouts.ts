/** How long a request's statement may take, on the server and as seen from here. */
export interface PostgresTimeouts {
  /**
   * `statement_timeout`: the server cancels a statement that runs (or waits
   * for a lock) longer, so a table locked by another session costs a request
   * this long, not forever.
   */
  readonly statementMs: number;
  /**
   * node-postgres's `query_timeout`: a statement with no answer this long
   * fails here and its connection is dropped (a network that stops
   * answering, a server that hangs), longer than `statementMs` so the
   * server's own cancel is the usual way out.
   */
  readonly responseMs: number;
}

export const DEFAULT_POSTGRES_TIMEOUTS: PostgresTimeouts = Object.freeze({ statementMs: 5_000, responseMs: 10_000 });
