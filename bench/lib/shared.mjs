// Constants every contender and suite agrees on, so "the same preflight" and
// "the same headers" are defined once.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT = join(BENCH_DIR, '..');

export const ORIGIN = 'http://localhost:7152';
export const PREFLIGHT_PATH = '/users/user/login';
/** The browser's preflight for a JSON login POST from the web app. */
export const PREFLIGHT_HEADERS = Object.freeze({
  Origin: ORIGIN,
  'Access-Control-Request-Method': 'POST',
  'Access-Control-Request-Headers': 'content-type',
});

/** StrictMvc from docs/ARCHITECTURE.md, in the option shape of expressjs/cors and @fastify/cors. */
export const STRICT_MVC_CORS_OPTIONS = Object.freeze({
  origin: [ORIGIN],
  allowedHeaders: ['Content-Type', 'Authorization'],
  methods: ['GET', 'POST'],
});

/** StrictMvc as our gateway config declares it (docs/ARCHITECTURE.md "Gateway configuration"). */
export const STRICT_MVC_POLICY = Object.freeze({
  origins: [ORIGIN],
  headers: ['Content-Type', 'Authorization'],
  methods: ['GET', 'POST'],
});

/**
 * The 204 the hand-written contenders (bare Node, nginx) send: what a correct
 * StrictMvc preflight answer carries, including `Vary: Origin` (the answer depends
 * on the origin, Fetch §3.2.5 / docs/ARCHITECTURE.md "CORS semantics").
 */
export const PREFLIGHT_RESPONSE_HEADERS = Object.freeze({
  'Access-Control-Allow-Origin': ORIGIN,
  'Access-Control-Allow-Methods': 'GET, POST',
  'Access-Control-Allow-Headers': 'Content-Type, Authorization',
  Vary: 'Origin',
});

export const PROXIED_PATH_UPSTREAM = '/user/me';
export const PROXIED_PATH_GATEWAY = '/users/user/me';
/** ~150 bytes, the shape of user-service's `GET /user/me` envelope. */
export const ME_BODY = JSON.stringify({
  Success: true,
  Data: {
    Id: 'u_3f0c6a8e5b1d4c2e',
    Email: 'demo@example.com',
    UserName: 'demo',
    DisplayName: 'Demo User',
  },
  Message: 'OK',
  Errors: null,
});

export const DEMO_LOGIN = Object.freeze({ EmailOrUserName: 'demo', Password: 'Demo@12345', ClientId: 'web' });
