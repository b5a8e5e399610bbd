// @corsway/cors/testing: the shared CORS HTTP case table, its runner, a
// reference Nest host, and a Chromium launcher for browser matrices.
export {
  CORS_HTTP_CASES,
  CORS_TEST_ALLOWED_ORIGIN,
  CORS_TEST_CONFIG,
  CORS_TEST_ENDPOINTS,
  CORS_TEST_OTHER_ORIGIN,
  type CorsHttpCase,
  type CorsTestBehaviour,
  type CorsTestEndpoint,
} from './cors-http-cases';
export { checkCorsHttpCase, sendRaw } from './check-cors-http-case';
export { corsTestHostModule } from './cors-test-host.module';
export { launchChromium, CHROMIUM_PATH } from './chromium';
