import type { CorsExplainer } from './cors-explainer';

/**
 * Placeholder until `probeCors` of `@corsway/cors` lands (libs/cors is being
 * written in parallel): says so instead of guessing.
 */
export const libraryCorsExplainer: CorsExplainer = async () => ({
  allowed: false,
  explanation: 'The CORS library diagnostics (probeCors) are not available in this build.',
  steps: [],
});
