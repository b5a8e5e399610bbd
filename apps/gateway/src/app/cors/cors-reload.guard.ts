import type { CompiledGatewayConfig } from '../config/compiled-gateway.config';
import { GatewayConfigError } from '../config/gateway-config.error';

/**
 * CorsModule holds the policy set it was started with (one provider shared by
 * decorators and config routes), so a reload may re-point routes at existing
 * policies but not change the policies themselves. Refuse such a reload
 * loudly instead of applying half of it.
 */
export function assertCorsSectionUnchanged(next: CompiledGatewayConfig, running: CompiledGatewayConfig): void {
  if (JSON.stringify(next.config.cors ?? null) !== JSON.stringify(running.config.cors ?? null)) {
    throw new GatewayConfigError('cors', 'changed on reload; policy changes need a restart of the gateway (routes may still be reloaded)');
  }
}
