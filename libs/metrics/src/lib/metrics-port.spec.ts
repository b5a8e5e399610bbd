import { MetricsConfigError } from './metrics-config.error';
import { metricsPortFrom } from './metrics-port';

describe('metricsPortFrom', () => {
  it.each([
    ['unset: /metrics on the app port', {}, undefined],
    ['empty: /metrics on the app port', { METRICS_PORT: '' }, undefined],
    ['blank: /metrics on the app port', { METRICS_PORT: '  ' }, undefined],
    ['a port', { METRICS_PORT: '9464' }, 9464],
    ['a port with spaces around it', { METRICS_PORT: ' 9464 ' }, 9464],
    ['0: any free port (tests)', { METRICS_PORT: '0' }, 0],
    ['the highest port', { METRICS_PORT: '65535' }, 65535],
  ])('%s', (_what, env, expected) => {
    expect(metricsPortFrom(env)).toBe(expected);
  });

  it.each(['abc', '-1', '65536', '1.5', '0x10', '1e3', '9464a'])(
    'refuses %p, naming METRICS_PORT and the fix',
    (raw) => {
      let error: unknown;
      try {
        metricsPortFrom({ METRICS_PORT: raw });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(MetricsConfigError);
      expect((error as MetricsConfigError).field).toBe('METRICS_PORT');
      expect((error as Error).message).toBe(
        `Invalid configuration METRICS_PORT: must be a port number from 0 to 65535 (0 = any free port), or unset to serve /metrics on the app's own port; got "${raw}"`,
      );
    },
  );
});
