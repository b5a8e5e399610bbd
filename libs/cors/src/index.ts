// Public API of @corsway/cors. Curated: internals (compiled policies, token
// helpers, route tables) are deliberately not exported.

// Policy model
export { CorsPolicy } from './lib/policy/cors-policy';
export { CorsPolicyBuilder } from './lib/policy/cors-policy.builder';
export { CorsConfigError, type CorsConfigErrorCode } from './lib/policy/cors-config.error';
export { policiesFromConfig, type CorsPolicySet } from './lib/policy/policies-from-config';

// Evaluation and application
export { evaluateCors } from './lib/evaluate/evaluate-cors';
export { appendVary, applyCorsDecision, type CorsHeaderSink } from './lib/evaluate/apply-cors-decision';
export { corsRequestFromHeaders, type CorsRequest } from './lib/evaluate/cors-request';
export { isPreflight, type CorsPreflightHeaders } from './lib/evaluate/is-preflight';
export type {
  CorsDecision,
  CorsEvaluationOptions,
  CorsHeader,
  CorsRejection,
  CorsRejectionReason,
} from './lib/evaluate/cors-decision';

// NestJS integration (Express and Fastify)
export { CorsModule } from './lib/nest/cors.module';
export { EnableCors, DisableCors } from './lib/nest/cors.decorators';
export { CorsPolicyProvider } from './lib/nest/cors-policy.provider';
export { CorsService, type CorsHostRequest } from './lib/nest/cors.service';
export type { CorsPolicyChoice } from './lib/nest/cors-engine';
export type { CorsObserver, CorsRefusal, CorsRefusalReason } from './lib/nest/cors-observer';
export { CORS_MODULE_OPTIONS } from './lib/nest/cors.constants';
export type {
  CorsEarlyPreflightHeaders,
  CorsEndpointResolver,
  CorsLogger,
  CorsModuleAsyncOptions,
  CorsModuleOptions,
} from './lib/nest/cors-module.options';

// Diagnostics (explain, probe) live in '@corsway/cors/diagnostics': they need an HTTP client.
