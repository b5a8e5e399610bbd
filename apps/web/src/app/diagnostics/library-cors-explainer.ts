import { probeCors } from '@corsway/cors/diagnostics';
import type { CorsExplainer } from './cors-explainer';

/**
 * The CORS library's probe (the "Diagnostics/Cors" page): sends what a browser
 * would send for the case (the preflight when one is needed, then the request
 * with `Origin`) and explains, step by step, what the browser does and why.
 * `sendUnsafe`: the page sends the same POST from the browser next to it, and
 * its `{}` body is refused by the login's validation, so no account is touched.
 */
export const libraryCorsExplainer: CorsExplainer = (input) =>
  probeCors({ url: input.url, origin: input.origin, method: input.method, headers: input.headers, credentials: input.credentials, timeoutMs: 5_000, sendUnsafe: true });
