/**
 * One cross-origin request the Diagnostics/Cors page sends from this origin
 * to the gateway. The browser runs it with fetch(); the server asks the CORS
 * library's explain logic about the very same request.
 */
export interface CorsProbeCase {
  readonly id: string;
  readonly title: string;
  /** What makes this request interesting for CORS. */
  readonly description: string;
  readonly method: 'GET' | 'POST';
  /** Gateway path, appended to GATEWAY_BASE_URL. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | null;
  /** `credentials: 'include'`: cookies travel, the policy must allow credentials and name the origin. */
  readonly credentials: boolean;
}

export const CORS_PROBE_CASES: readonly CorsProbeCase[] = [
  {
    id: 'simple',
    title: 'Simple request',
    description: 'GET without custom headers: no preflight; the response must carry Access-Control-Allow-Origin.',
    method: 'GET',
    path: '/users/health',
    headers: {},
    body: null,
    credentials: false,
  },
  {
    id: 'preflight-json',
    title: 'Preflighted JSON POST',
    description: 'POST with Content-Type: application/json is not "simple": the browser sends an OPTIONS preflight first.',
    method: 'POST',
    path: '/users/user/login',
    headers: { 'Content-Type': 'application/json' },
    body: '{}',
    credentials: false,
  },
  {
    id: 'custom-header',
    title: 'Custom request header',
    description: 'X-Api-Key must be listed in Access-Control-Allow-Headers of the preflight answer.',
    method: 'GET',
    path: '/users/health',
    headers: { 'X-Api-Key': 'diagnostics' },
    body: null,
    credentials: false,
  },
  {
    id: 'credentialed',
    title: 'Credentialed request (refresh-cookie route)',
    description: "credentials: 'include' needs Access-Control-Allow-Credentials: true and the exact origin, never *.",
    method: 'GET',
    path: '/users/user/me',
    headers: {},
    body: null,
    credentials: true,
  },
  {
    id: 'credentialed-strict',
    title: 'Credentialed request (non-credentialed route)',
    description: 'The same credentialed request against a route whose policy does not allow credentials.',
    method: 'GET',
    path: '/users/health',
    headers: {},
    body: null,
    credentials: true,
  },
];

export function findProbeCase(id: string): CorsProbeCase | undefined {
  return CORS_PROBE_CASES.find((c) => c.id === id);
}
