import { SetMetadata } from '@nestjs/common';
import { CORS_ENDPOINT_METADATA, type CorsEndpointMetadata } from './cors.constants';

/**
 * Applies a named CORS policy to a controller or a handler (the default
 * policy when no name is given). The most specific wins: handler >
 * controller > the gateway's config routes > the module's default policy;
 * policies are never merged. The endpoint's policy governs its preflights too.
 * An unknown name stops start-up with the name and the defined policies.
 *
 * @example
 * ```ts
 * @EnableCors('StrictMvc')
 * @Controller('account')
 * export class AccountController {
 *   @EnableCors('MixedPolicy') // credentialed: beats the controller's policy
 *   @Post('login') login() {}
 * }
 * ```
 */
export function EnableCors(policyName?: string): ClassDecorator & MethodDecorator {
  return SetMetadata<string, CorsEndpointMetadata>(CORS_ENDPOINT_METADATA, { policy: policyName ?? null });
}

/**
 * No CORS at all for this controller or handler: no `Access-Control-*`
 * headers, even when a default policy applies, and preflights are not
 * answered (so browsers refuse cross-origin calls to it).
 *
 * @example
 * ```ts
 * @DisableCors()
 * @Get('internal/metrics') metrics() {}
 * ```
 */
export function DisableCors(): ClassDecorator & MethodDecorator {
  return SetMetadata<string, CorsEndpointMetadata>(CORS_ENDPOINT_METADATA, { disabled: true });
}
