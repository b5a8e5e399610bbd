import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

/** `res.locals` key of the per-request CSP nonce; the layout puts it on every `<script>`. */
export const CSP_NONCE_LOCAL = 'cspNonce';

/** A fresh nonce per response (CSP3 §6.7.2.1: unguessable, never reused). */
export function cspNonceMiddleware(_req: Request, res: Response, next: NextFunction): void {
  res.locals[CSP_NONCE_LOCAL] = randomBytes(16).toString('base64url');
  next();
}

/**
 * helmet with a CSP built for this app (OWASP Content Security Policy Cheat Sheet):
 * - scripts only from this origin or carrying this response's nonce;
 * - `connect-src` names the gateway origin, the only other place the pages
 *   talk to (a CSP block would look like a CORS block in the browser);
 * - `img-src data:` for Bootstrap's inline SVG icons in its CSS;
 * - no `upgrade-insecure-requests` while the gateway is plain http, or the
 *   browser would rewrite the gateway calls to https.
 */
export function securityHeaders(gatewayOrigin: string, transport: { readonly https: boolean; readonly production: boolean } = { https: false, production: false }) {
  return helmet({
    // RFC 6797 §7.2: HSTS only over a secure transport (ignored over http anyway).
    // HSTS binds the host name, every port included: a year on "localhost"
    // would force https on every other local app, so development gets one hour.
    strictTransportSecurity: transport.https ? { maxAge: transport.production ? 31_536_000 : 3_600, includeSubDomains: transport.production } : false,
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as Response).locals[CSP_NONCE_LOCAL]}'`],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", gatewayOrigin],
        fontSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        upgradeInsecureRequests: gatewayOrigin.startsWith('https:') ? [] : null,
      },
    },
    referrerPolicy: { policy: 'same-origin' },
  });
}
