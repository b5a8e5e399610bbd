// @corsway/cors/diagnostics: what a browser would do with a cross-origin
// request, and why, in Chromium's words. The only part of the package that
// sends HTTP requests (probeCors, with node:http; no dependency).
export { explainCors, readableHeaderNames, type CorsExplanation, type CorsProbeStep, type ObservedResponse } from '../lib/diagnostics/explain-cors';
export { explainFromPolicy } from '../lib/diagnostics/explain-from-policy';
export { probeCors, type ProbeOptions } from '../lib/diagnostics/probe-cors';
export {
  needsPreflight, preflightHeadersFor, unsafeHeaderNames, droppedHeaderNames, scriptError, includesCredentials, type BrowserCorsRequest,
} from '../lib/diagnostics/browser-cors-request';
export {
  corsUnsafeRequestHeaderNames, isCorsSafelistedRequestHeader, isCorsUnsafeByte, isForbiddenMethod, isForbiddenRequestHeader,
} from '../lib/diagnostics/fetch-request-rules';
export { chromiumMessage, type CorsErrorCode, type CorsFailedStep, type CorsFailure } from '../lib/diagnostics/chromium-cors-error';
