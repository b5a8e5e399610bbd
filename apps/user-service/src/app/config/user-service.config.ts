import { isAbsolute, join, resolve } from 'node:path';
import { ConfigError } from './config.error';

/** Everything user-service reads at start-up; `loadConfig(env)` builds it from the environment. */
export interface UserServiceConfig {
  /** SQLite file and dev signing keys live here (DESIGN.md "Environment"). */
  dataDir: string;
  /** `sqlite:<path>` or `postgres://...`. */
  databaseUrl: string;
  nodeEnv: string;
  logLevel: string;
  /** Seconds an access token lives (issue 4: 15 min default). */
  accessTokenTtlSeconds: number;
  /** A refresh token unused this long dies (RFC 9700 §4.14.2 "idle" expiry). */
  refreshIdleSeconds: number;
  /** A refresh-token family dies this long after login, however active (absolute expiry). */
  refreshAbsoluteSeconds: number;
  /** Peers whose X-Forwarded-For / X-Forwarded-Proto we believe (IPs or CIDRs). */
  trustedProxies: string[];
  bodyLimitBytes: number;
  throttle: ThrottleConfig;
  lockout: LockoutConfig;
  /** Create the demo user on first start (never in production). */
  seedDemoUser: boolean;
  keys: SigningKeyConfig;
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
      privateKey: env['JWT_PRIVATE_KEY'] || undefined,
      nextPrivateKey: env['JWT_NEXT_PRIVATE_KEY'] || undefined,
      nextNotBefore: date(env, 'JWT_NEXT_KEY_NOT_BEFORE'),
      previousPublicKeys: env['JWT_PREVIOUS_PUBLIC_KEYS'] || undefined,
    },
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
