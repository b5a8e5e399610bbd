/** Injection token of the resolved {@link CorsModuleOptions}. */
export const CORS_MODULE_OPTIONS = Symbol('CORS_MODULE_OPTIONS');
/** Metadata key of `@EnableCors` / `@DisableCors` (value: {@link CorsEndpointMetadata}). */
export const CORS_ENDPOINT_METADATA = 'corsway:cors-endpoint';

/** What a decorator put on a controller or handler. */
export type CorsEndpointMetadata = { readonly policy: string | null } | { readonly disabled: true };
