/** Nest injection token for the validated {@link WebConfig}. */
export const WEB_CONFIG = Symbol('WEB_CONFIG');
