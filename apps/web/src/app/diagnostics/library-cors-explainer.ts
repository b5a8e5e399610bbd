import { probeCors } from '@corsway/cors';
import type { CorsExplainer } from './cors-explainer';

/**
 * The CORS library's probe (issue 7 "Diagnostics/Cors"): sends what a browser
 * would send for the case (the preflight when one is needed, then the request
 * with `Origin`) and explains, step by step, what the browser does and why.
 */
export const libraryCorsExplainer: CorsExplainer = (input) =>
  probeCors({ url: input.url, origin: input.origin, method: input.method, headers: input.headers, credentials: input.credentials, timeoutMs: 5_000 });
