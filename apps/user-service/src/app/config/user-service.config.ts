import { DEFAULT_POSTGRES_TIMEOUTS, type PostgresTimeouts } from '../persistence/postgres-timeouts';
import { MAX_JSON_VALUES } from '@corsway/contracts';
import { metricsPortFrom } from '@corsway/metrics';
import { isAbsolute, join, resolve } from 'node:path';
import { ConfigError } from './config.error';

/** See RefreshTokenService: a rotation this recent is a parallel duplicate, later a replay. */
const CONCURRENT_REFRESH_LEEWAY_DEFAULT_MS = 2_000;

/** Everything user-service reads at start-up; `loadConfig(env)` builds it from the environment. */
export interface UserServiceConfig {
  /** SQLite file and dev signing keys live here (README.md "Environment"). */
  dataDir: string;
  /** `sqlite:<path>` or `postgres://...`. */
  databaseUrl: string;
  nodeEnv: string;
  logLevel: string;
  /** Seconds an access token lives (15 min default). */
  accessTokenTtlSeconds: number;
  /** A refresh token unused this long dies (RFC 9700 §4.14.2 "idle" expiry). */
  refreshIdleSeconds: number;
  /** A refresh-token family dies this long after login, however active (absolute expiry). */
  refreshAbsoluteSeconds: number;
  /** Peers whose X-Forwarded-For / X-Forwarded-Proto we believe (IPs or CIDRs). */
  trustedProxies: string[];
  bodyLimitBytes: number;
  /** How long a PostgreSQL statement may take before the request gets 503 (persistence/postgres.repository.ts). */
  postgresTimeouts: PostgresTimeouts;
  /** Deepest object/array nesting a JSON body may have. */
  maxJsonDepth: number;
  /** Most object members and array elements a JSON body may have, at any depth. */
  maxJsonValues: number;
  /** `REDIS_URL`: lockout, failure counts and throttles shared by every instance; unset = in memory. */
  redisUrl?: string;
  /** Prefix of every Redis key (`REDIS_KEY_PREFIX`), so several deployments can share one Redis. */
  redisKeyPrefix: string;
  /** Password hashes allowed to wait for a thread (`HASH_QUEUE_LIMIT`); past it 503 at once. */
  hashQueueLimit: number;
  /** `Path` of the refresh cookie (`REFRESH_COOKIE_PATH`): the narrowest path the browser calls refresh/logout on. */
  refreshCookiePath: string;
  /** A refresh token rotated less than this long ago (database clock) is a parallel duplicate, not a replay. */
  refreshLeewayMs: number;
  /** Serve the OpenAPI UI and document at /docs (`SWAGGER`). */
  swagger: boolean;
  throttle: ThrottleConfig;
  lockout: LockoutConfig;
  /** Create the demo user on first start (never in production). */
  seedDemoUser: boolean;
  keys: SigningKeyConfig;
  /** `METRICS_PORT`: serve /metrics on this port only; undefined = on the service's own port. */
  metricsPort?: number;
}

export interface ThrottleConfig {
  /** Requests per IP per window on the credential endpoints. */
  ipLimit: number;
  /** Login attempts per account name per window. */
  accountLimit: number;
  windowSeconds: number;
}

export interface LockoutConfig {
  /** Failed logins within `windowSeconds` that lock the account name. */
  maxFailures: number;
  windowSeconds: number;
  lockSeconds: number;
}

export interface SigningKeyConfig {
  /** Current private key, PEM or JWK (`JWT_PRIVATE_KEY`); absent = dev key in `dataDir`. */
  privateKey?: string;
  /** Next private key, published at once, signing from `nextNotBefore` (`JWT_NEXT_PRIVATE_KEY`). */
  nextPrivateKey?: string;
  nextNotBefore?: Date;
  /** Public keys of retired signers, still published so their tokens verify (`JWT_PREVIOUS_PUBLIC_KEYS`). */
  previousPublicKeys?: string;
}

type Env = Record<string, string | undefined>;

const LOOPBACK = ['127.0.0.1', '::1', '::ffff:127.0.0.1'];

/** Reads the environment; a bad value stops start-up with an error naming the variable. */
export function loadConfig(env: Env = process.env): UserServiceConfig {
  const dataDir = resolve(env['DATA_DIR'] || './data');
  const nodeEnv = env['NODE_ENV'] || 'development';
  return {
    dataDir,
    databaseUrl: databaseUrl(env['DATABASE_URL'], dataDir),
    nodeEnv,
    logLevel: env['LOG_LEVEL'] || 'info',
    accessTokenTtlSeconds: positiveInt(env, 'ACCESS_TOKEN_TTL_SECONDS', 900),
    refreshIdleSeconds: positiveInt(env, 'REFRESH_TOKEN_IDLE_SECONDS', 14 * 86400),
    refreshAbsoluteSeconds: positiveInt(env, 'REFRESH_TOKEN_ABSOLUTE_SECONDS', 30 * 86400),
    trustedProxies: list(env['TRUSTED_PROXIES']) ?? LOOPBACK,
    bodyLimitBytes: 64 * 1024,
    postgresTimeouts: DEFAULT_POSTGRES_TIMEOUTS,
    maxJsonDepth: 32,
    maxJsonValues: MAX_JSON_VALUES,
    redisUrl: env['REDIS_URL'] || undefined,
    redisKeyPrefix: env['REDIS_KEY_PREFIX'] || 'corsway:user-service:',
    hashQueueLimit: positiveInt(env, 'HASH_QUEUE_LIMIT', 100),
    refreshCookiePath: cookiePath(env['REFRESH_COOKIE_PATH']),
    refreshLeewayMs: positiveInt(env, 'CONCURRENT_REFRESH_LEEWAY_MS', CONCURRENT_REFRESH_LEEWAY_DEFAULT_MS),
    swagger: bool(env, 'SWAGGER', nodeEnv !== 'production'),
    throttle: {
      ipLimit: positiveInt(env, 'THROTTLE_IP_LIMIT', 100),
      accountLimit: positiveInt(env, 'THROTTLE_ACCOUNT_LIMIT', 10),
      windowSeconds: positiveInt(env, 'THROTTLE_WINDOW_SECONDS', 60),
    },
    lockout: {
      maxFailures: positiveInt(env, 'LOCKOUT_MAX_FAILURES', 5),
      windowSeconds: positiveInt(env, 'LOCKOUT_WINDOW_SECONDS', 900),
      lockSeconds: positiveInt(env, 'LOCKOUT_SECONDS', 900),
    },
    seedDemoUser: nodeEnv !== 'production',
    keys: {
      privateKey: requiredInProduction(env, 'JWT_PRIVATE_KEY', nodeEnv),
      nextPrivateKey: env['JWT_NEXT_PRIVATE_KEY'] || undefined,
      nextNotBefore: date(env, 'JWT_NEXT_KEY_NOT_BEFORE'),
      previousPublicKeys: env['JWT_PREVIOUS_PUBLIC_KEYS'] || undefined,
    },
    metricsPort: metricsPortFrom(env),
  };
}

function databaseUrl(value: string | undefined, dataDir: string): string {
  if (!value) return `sqlite:${join(dataDir, 'users.db')}`;
  if (/^postgres(ql)?:\/\//.test(value)) return value;
  if (value.startsWith('sqlite:')) {
    const path = value.slice('sqlite:'.length);
    if (!path) throw new ConfigError('DATABASE_URL', 'sqlite: needs a file path, e.g. sqlite:./data/users.db');
    return `sqlite:${isAbsolute(path) ? path : resolve(path)}`;
  }
  throw new ConfigError('DATABASE_URL', `"${value}" is neither sqlite:<path> nor postgres://user@host:5432/db`);
}

/**
 * A per-instance dev key in production would mean tokens that only the
 * instance that signed them can verify, lost on every redeploy: refuse to start.
 */
function requiredInProduction(env: Env, name: string, nodeEnv: string): string | undefined {
  const value = env[name] || undefined;
  if (!value && nodeEnv === 'production')
    throw new ConfigError(
      name,
      'is required when NODE_ENV=production (the signing key every instance shares; PEM or JWK with "d"). ' +
        'The generated development key is only for development.',
    );
  return value;
}

function cookiePath(raw: string | undefined): string {
  if (raw === undefined || raw === '') return '/users/user';
  // RFC 6265 §4.1.1 path-value: starts with "/", no CTLs and no ";".
  if (!/^\/[\x21-\x3a\x3c-\x7e]*$/.test(raw))
    throw new ConfigError(
      'REFRESH_COOKIE_PATH',
      `must be a path starting with "/" without spaces or ";", got "${raw}"`,
    );
  return raw;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw new ConfigError(name, `must be "true" or "false", got "${raw}"`);
}

function positiveInt(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new ConfigError(name, `must be a positive integer, got "${raw}"`);
  return value;
}

function date(env: Env, name: string): Date | undefined {
  const raw = env[name];
  if (!raw) return undefined;
  const value = new Date(raw);
  if (Number.isNaN(value.getTime())) throw new ConfigError(name, `must be an ISO 8601 date, got "${raw}"`);
  return value;
}

function list(raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
