import { createRequire } from 'node:module';

type Env = Readonly<Record<string, string | undefined>>;

/** The part of pino-pretty's factory this uses (it is a devDependency, loaded at run time only). */
type PrettyFactory = (options: Record<string, unknown>) => NodeJS.WritableStream;

/**
 * Where an app's pino logs go: human-readable lines through pino-pretty in
 * development (`NODE_ENV` unset or `development`), JSON on stdout otherwise.
 * pino-pretty is a devDependency: an image built with production dependencies
 * only does not have it, and then logs JSON whatever `NODE_ENV` says instead
 * of failing to start. Returns `undefined` for "pino's default (stdout, JSON)".
 */
export function devLogDestination(
  env: Env = process.env,
  options: { readonly destination?: NodeJS.WritableStream | number; readonly resolveFrom?: string } = {},
): NodeJS.WritableStream | undefined {
  const { destination = 1, resolveFrom = __filename } = options;
  const mode = env['NODE_ENV']?.trim() || 'development';
  if (mode !== 'development') return undefined;
  let pretty: PrettyFactory;
  try {
    // createRequire: resolved when the app runs, so webpack leaves it out of the bundle.
    const loaded = createRequire(resolveFrom)('pino-pretty') as PrettyFactory | { default: PrettyFactory };
    pretty = typeof loaded === 'function' ? loaded : loaded.default;
  } catch {
    return undefined;
  }
  return pretty({ colorize: process.stdout.isTTY === true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', sync: true, destination });
}
