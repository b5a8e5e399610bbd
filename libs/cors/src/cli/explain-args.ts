import type { BrowserCorsRequest } from '../lib/diagnostics/browser-cors-request';

export const USAGE = `Usage: npx nx run cors:explain -- --url <url> --origin <origin> [--method <METHOD>]
       [--headers "Name: value, Other-Name"] [--data <body>] [--credentials] [--private-network] [--json]

Sends the requests a browser would send from <origin> (the preflight when one is
needed, then the request) and says whether the page may read the response, and why.

  --url              absolute http(s) URL of the API endpoint (required)
  --origin           origin of the calling page, e.g. http://localhost:7152 (required)
  --method           HTTP method (default GET)
  --headers          comma-separated request headers, "Name: value" or just "Name"
  --data             body of the actual request (CORS ignores it; the endpoint may not)
  --credentials      the page uses credentials: 'include' / withCredentials
  --private-network  the page is public and the API private (Private Network Access)
  --json             print the full result as JSON

Exit status: 0 allowed, 1 blocked, 2 usage error.`;

/** A usage mistake: printed with {@link USAGE}, exit status 2. */
export class UsageError extends Error {}

export interface ExplainArgs {
  readonly request: BrowserCorsRequest;
  readonly json: boolean;
}

const VALUE_FLAGS = ['url', 'origin', 'method', 'headers', 'data'];
const BOOLEAN_FLAGS = ['credentials', 'private-network', 'json', 'help'];

/** Parses `--flag value` and `--flag=value` forms (Nx forwards either). */
export function parseExplainArgs(argv: readonly string[]): ExplainArgs | 'help' {
  const values: Record<string, string> = {};
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument "${arg}"`);
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (BOOLEAN_FLAGS.includes(name)) {
      if (eq !== -1 && !['true', 'false'].includes(arg.slice(eq + 1))) throw new UsageError(`--${name} takes no value`);
      if (eq === -1 || arg.slice(eq + 1) === 'true') flags.add(name);
    } else if (VALUE_FLAGS.includes(name)) {
      const value = eq !== -1 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || (eq === -1 && value.startsWith('--'))) throw new UsageError(`--${name} needs a value`);
      values[name] = value;
    } else {
      throw new UsageError(`unknown option --${name}`);
    }
  }
  if (flags.has('help')) return 'help';
  for (const required of ['url', 'origin']) if (!values[required]) throw new UsageError(`--${required} is required`);
  let url: URL;
  try {
    url = new URL(values['url']);
  } catch {
    throw new UsageError(`--url "${values['url']}" is not an absolute URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError('--url must be http or https');
  let origin: string;
  try {
    origin = new URL(values['origin']).origin;
  } catch {
    throw new UsageError(`--origin "${values['origin']}" is not an origin like http://localhost:7152`);
  }
  const method = values['method'] ?? 'GET';
  if (!/^[A-Za-z]+$/.test(method)) throw new UsageError(`--method "${method}" is not an HTTP method`);
  const headers: Record<string, string> = {};
  for (const item of (values['headers'] ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const colon = item.indexOf(':');
    const name = (colon === -1 ? item : item.slice(0, colon)).trim();
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new UsageError(`--headers: "${name}" is not a header name`);
    headers[name] = colon === -1 ? 'x' : item.slice(colon + 1).trim();
  }
  return {
    request: {
      url: url.href, origin, method, headers, credentials: flags.has('credentials'), privateNetwork: flags.has('private-network'),
      ...(values['data'] !== undefined ? { body: values['data'] } : {}),
    },
    json: flags.has('json'),
  };
}
