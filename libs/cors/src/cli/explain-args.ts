import type { BrowserCorsRequest } from '../lib/diagnostics/browser-cors-request';

export const USAGE = `Usage: corsway-cors explain --url <url> --origin <origin> [--method <METHOD>]
       [--headers "Name: value, Other-Name"] [--header "Name: a, b"]... [--data <body>] [--credentials] [--private-network]
       [--send] [--dry-run --config <file.json> [--policy <Name>]] [--json]

Sends the requests a browser would send from <origin> (the preflight when one is
needed, then the request) and says whether the page may read the response, and why,
with Chromium's wording of the cause. A request whose method is not safe (POST, PUT,
DELETE, PATCH...) is sent only with --send; without it only the preflight is sent.

  --url              absolute http(s) URL of the API endpoint (required)
  --origin           origin of the calling page, e.g. http://localhost:7152 (required)
  --method           HTTP method (default GET)
  --headers          comma-separated request headers, "Name: value" or just "Name"
  --header           one request header "Name: value" (value may contain commas); repeatable
  --data             body of the actual request (CORS ignores it; the endpoint may not)
  --credentials      the page uses credentials: 'include' / withCredentials
  --private-network  the page is public and the API private (Private Network Access)
  --send             also send a request whose method may change state on the server
  --dry-run          send nothing: explain from the policy in --config alone
  --config           JSON file: a gateway config (its "cors" section) or the section itself
  --policy           policy name in --config (default: its defaultPolicy)
  --json             print the full result as JSON

Exit status: 0 allowed, 1 blocked, 2 usage error, 3 not known (the request was not sent).`;

/** A usage mistake: printed with {@link USAGE}, exit status 2. */
export class UsageError extends Error {}

export interface ExplainArgs {
  readonly request: BrowserCorsRequest;
  readonly json: boolean;
  readonly send: boolean;
  /** `--dry-run`: the config file and policy name to explain from, sending nothing. */
  readonly dryRun: { readonly config: string; readonly policy: string | null } | null;
}

const VALUE_FLAGS = ['url', 'origin', 'method', 'headers', 'header', 'data', 'config', 'policy'];
const BOOLEAN_FLAGS = ['credentials', 'private-network', 'json', 'help', 'send', 'dry-run'];

/** Parses `--flag value` and `--flag=value` forms (Nx forwards either). */
export function parseExplainArgs(argv: readonly string[]): ExplainArgs | 'help' {
  const values: Record<string, string> = {};
  const single: string[] = [];
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
      if (name === 'header') single.push(value);
      else values[name] = value;
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
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(method)) throw new UsageError(`--method "${method}" is not an HTTP method`);
  const headers: Record<string, string> = {};
  // --headers splits on commas; --header (repeatable) takes one header whose value may hold commas.
  const items = [...(values['headers'] ?? '').split(',').map((s) => ['headers', s.trim()]), ...single.map((s) => ['header', s.trim()])];
  for (const [flag, item] of items.filter(([, s]) => s !== '')) {
    const colon = item.indexOf(':');
    const name = (colon === -1 ? item : item.slice(0, colon)).trim();
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new UsageError(`--${flag}: "${name}" is not a header name`);
    headers[name] = colon === -1 ? 'x' : item.slice(colon + 1).trim();
  }
  return {
    request: {
      url: url.href, origin, method, headers, credentials: flags.has('credentials'), privateNetwork: flags.has('private-network'),
      ...(values['data'] !== undefined ? { body: values['data'] } : {}),
    },
    json: flags.has('json'),
    send: flags.has('send'),
    dryRun: flags.has('dry-run') ? { config: requireConfig(values), policy: values['policy'] ?? null } : null,
  };
}

function requireConfig(values: Record<string, string>): string {
  if (values['config'] === undefined) throw new UsageError('--dry-run needs --config <file.json> (the policies to explain from)');
  return values['config'];
}
