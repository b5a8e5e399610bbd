import type { CorsDecision, CorsHeader } from './cors-decision';
import { ALLOW_CREDENTIALS, ALLOW_HEADERS, ALLOW_METHODS, ALLOW_ORIGIN, EXPOSE_HEADERS, MAX_AGE } from './cors-header-names';
import type { CompiledCorsPolicy, CompiledOrigin, CorsPolicy } from '../policy/cors-policy';
import { parseOrigin, type WildcardOrigin } from '../policy/origin-pattern';

function decision(
  kind: CorsDecision['kind'],
  headers: readonly CorsHeader[],
  varyOrigin: boolean,
  status: CorsDecision['status'],
): CorsDecision {
  return Object.freeze({ kind, allowed: true, status, varyOrigin, headers: Object.freeze(headers), rejection: null });
}

/**
 * Turns a validated policy into ready-made header strings and frozen
 * decisions, once, at build time. The evaluator then answers a listed origin
 * with a map lookup and no allocation (≥ 2× expressjs/cors).
 */
export function compileCorsPolicy(p: CorsPolicy): CompiledCorsPolicy {
  const allowMethods = p.allowAnyMethod ? (p.supportsCredentials ? null : '*') : p.methods.length ? p.methods.join(', ') : null;
  const allowHeaders = p.allowAnyHeader ? null : p.headers.length ? p.headers.join(', ') : null;
  const exposeHeaders = p.exposedHeaders.length ? p.exposedHeaders.join(', ') : null;
  const maxAge = p.preflightMaxAge === null ? null : String(p.preflightMaxAge);
  const echoMethod = p.allowAnyMethod && p.supportsCredentials;

  const compileOrigin = (value: string, vary: boolean): CompiledOrigin => {
    const base: CorsHeader[] = [[ALLOW_ORIGIN, value]];
    if (p.supportsCredentials) base.push([ALLOW_CREDENTIALS, 'true']);
    const actual = exposeHeaders === null ? base : [...base, [EXPOSE_HEADERS, exposeHeaders] as const];
    const preflightBase = [...base];
    if (allowMethods !== null) preflightBase.push([ALLOW_METHODS, allowMethods]);
    if (allowHeaders !== null) preflightBase.push([ALLOW_HEADERS, allowHeaders]);
    const preflight = maxAge === null ? preflightBase : [...preflightBase, [MAX_AGE, maxAge] as const];
    return Object.freeze({
      actual: decision('actual', actual, vary, null),
      preflight: echoMethod ? null : decision('preflight', preflight, vary, 204),
      preflightBase: Object.freeze(preflightBase),
    });
  };

  const exact = new Map<string, CompiledOrigin>();
  const wildcards: WildcardOrigin[] = [];
  for (const spec of p.origins) {
    const parsed = parseOrigin(spec, 'origins');
    if (parsed.kind === 'exact') exact.set(parsed.origin, compileOrigin(parsed.origin, p.varyByOrigin));
    else wildcards.push(parsed.wildcard);
  }
  return Object.freeze({
    exact,
    any: p.allowAnyOrigin && !p.supportsCredentials ? compileOrigin('*', false) : null,
    wildcards: Object.freeze(wildcards),
    methods: Object.freeze(p.methods.map((m) => m.toLowerCase())),
    headers: Object.freeze(p.headers.map((h) => h.toLowerCase())),
    allowMethods,
    allowHeaders,
    exposeHeaders,
    maxAge,
    notCors: decision('none', [], p.varyByOrigin, null),
    lastPassed: { method: null, headers: undefined },
  });
}

/** Builds the per-origin answers for an origin matched by a wildcard or predicate. */
export function compileDynamicOrigin(p: CorsPolicy, c: CompiledCorsPolicy, origin: string): CompiledOrigin {
  const base: CorsHeader[] = [[ALLOW_ORIGIN, origin]];
  if (p.supportsCredentials) base.push([ALLOW_CREDENTIALS, 'true']);
  const preflightBase = [...base];
  if (c.allowMethods !== null) preflightBase.push([ALLOW_METHODS, c.allowMethods]);
  if (c.allowHeaders !== null) preflightBase.push([ALLOW_HEADERS, c.allowHeaders]);
  return {
    actual: {
      kind: 'actual',
      allowed: true,
      status: null,
      varyOrigin: true,
      headers: c.exposeHeaders === null ? base : [...base, [EXPOSE_HEADERS, c.exposeHeaders]],
      rejection: null,
    },
    preflight: null,
    preflightBase,
  };
}
