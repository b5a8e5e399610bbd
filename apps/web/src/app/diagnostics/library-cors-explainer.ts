import { ServiceUnavailableException } from '@nestjs/common';
import type { CorsExplainer } from './cors-explainer';

/**
 * Placeholder until `probeCors` of `@corsway/cors` lands (libs/cors is being
 * written in parallel): answers 503 instead of guessing a verdict.
 */
export const libraryCorsExplainer: CorsExplainer = async () => {
  throw new ServiceUnavailableException('The CORS library diagnostics (probeCors) are not available in this build.');
};
