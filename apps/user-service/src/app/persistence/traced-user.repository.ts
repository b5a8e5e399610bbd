import type { Tracing } from '@corsway/tracing';
import type { UserRepository } from './user.repository';

/** The contract's methods that return a promise: each is one database round trip (or transaction). */
type Query = {
  [K in keyof UserRepository]-?: UserRepository[K] extends (...args: never[]) => Promise<unknown> ? K : never;
}[keyof UserRepository];

// Every query, so the compiler refuses a new one until it is listed here.
const QUERIES: Record<Query, true> = {
  migrate: true,
  appliedMigrations: true,
  ping: true,
  close: true,
  createUser: true,
  findUserByEmailOrUserName: true,
  findUserById: true,
  countUsers: true,
  findClient: true,
  upsertClient: true,
  insertRefreshToken: true,
  findRefreshToken: true,
  rotateRefreshToken: true,
  revokeFamily: true,
  revokeAllForUser: true,
};

// OpenTelemetry's `db.system.name` values.
const DB_SYSTEM = { sqlite: 'sqlite', postgres: 'postgresql' } as const;

/**
 * Either engine (SQLite or PostgreSQL), with each query in a child span of
 * the request that awaits it: `db <method>`, with `db.system.name` and
 * `db.operation.name`. One wrapper for both engines and every method, so a
 * new query is traced by being listed above. Queries outside a request
 * (migrations, seeding) make no span. With tracing off, `repo` itself.
 */
export function tracedUserRepository(repo: UserRepository, tracing: Tracing): UserRepository {
  if (!tracing.enabled) return repo;
  const attributes = { 'db.system.name': DB_SYSTEM[repo.engine] };
  const traced = new Map<string, unknown>();
  return new Proxy(repo, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target);
      if (typeof key !== 'string' || typeof value !== 'function' || !Object.hasOwn(QUERIES, key)) return value;
      let wrapper = traced.get(key);
      if (wrapper === undefined) {
        const method = value as (...args: unknown[]) => Promise<unknown>;
        const spanAttributes = { ...attributes, 'db.operation.name': key };
        wrapper = (...args: unknown[]) => tracing.inChildSpan(`db ${key}`, () => method.apply(target, args), spanAttributes);
        traced.set(key, wrapper);
      }
      return wrapper;
    },
  });
}
