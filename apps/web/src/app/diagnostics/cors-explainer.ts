/** What a browser would send for one probe case (the input of the CORS library's `probeCors`). */
export interface CorsProbeInput {
  readonly url: string;
  readonly origin: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly credentials: boolean;
}

/** The library's verdict, passed through to the page as JSON. */
export interface CorsExplanation {
  readonly allowed: boolean;
  readonly explanation: string;
  readonly steps: unknown;
}

/**
 * Seam between the diagnostics endpoint and `@corsway/cors`'s `probeCors`,
 * so the endpoint is testable against a real gateway-less probe too.
 */
export type CorsExplainer = (input: CorsProbeInput) => Promise<CorsExplanation>;

export const CORS_EXPLAINER = Symbol('CORS_EXPLAINER');
