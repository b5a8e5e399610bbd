/**
 * True when an error means "the database cannot be reached right now" rather
 * than "this query is wrong": the server restarting (57P01-57P03), connection
 * failures (class 08, socket errors, pool connect timeout), a database that
 * refuses connections (55000), a statement cancelled at `statement_timeout`
 * (57014: a table locked by another session) or with no answer within
 * `query_timeout`, or SQLite busy past busy_timeout. These become
 * 503 + Retry-After instead of a 500, and the service recovers by itself
 * once the database is back (the pool replaces dead connections).
 */
const CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01',
  '57P02',
  '57P03',
  '55000',
  '57014',
  '53300',
  'SQLITE_BUSY',
]);
const MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error/i,
  /Query read timeout/,
];

export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (CODES.has(code) || code.startsWith('08'))) return true;
  return typeof message === 'string' && MESSAGES.some((re) => re.test(message));
}
