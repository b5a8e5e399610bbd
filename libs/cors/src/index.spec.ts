import * as api from './index';
import * as testing from './testing';
import * as diagnostics from './diagnostics';

// The curated barrels (libs/cors/README.md, subpaths): adding or leaking a name is a
// deliberate API change, so the lists are pinned here.
describe('public API', () => {
  it('@corsway/cors exports exactly the documented runtime names', () => {
    expect(Object.keys(api).sort()).toEqual([
      'CORS_MODULE_OPTIONS', 'CorsConfigError', 'CorsModule', 'CorsPolicy', 'CorsPolicyBuilder', 'CorsPolicyProvider', 'CorsService',
      'DisableCors', 'EnableCors', 'appendVary', 'applyCorsDecision', 'corsRequestFromHeaders', 'evaluateCors',
      'isPreflight', 'policiesFromConfig',
    ]);
  });

  it('@corsway/cors/diagnostics exports explain, probe and the Fetch rules', () => {
    expect(Object.keys(diagnostics).sort()).toEqual([
      'chromiumMessage', 'corsUnsafeRequestHeaderNames', 'droppedHeaderNames', 'explainCors', 'explainFromPolicy', 'includesCredentials',
      'isCorsSafelistedRequestHeader', 'isCorsUnsafeByte', 'isForbiddenMethod', 'isForbiddenRequestHeader', 'needsPreflight', 'preflightHeadersFor',
      'probeCors', 'readableHeaderNames', 'scriptError', 'unsafeHeaderNames',
    ]);
  });

  it('@corsway/cors/testing exports the case table kit', () => {
    expect(Object.keys(testing).sort()).toEqual([
      'CHROMIUM_PATH', 'CORS_HTTP_CASES', 'CORS_TEST_ALLOWED_ORIGIN', 'CORS_TEST_CONFIG', 'CORS_TEST_ENDPOINTS', 'CORS_TEST_OTHER_ORIGIN',
      'checkCorsHttpCase', 'corsTestHostModule', 'launchChromium', 'sendRaw',
    ]);
  });
});
