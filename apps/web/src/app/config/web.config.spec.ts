import { DEFAULT_GATEWAY_BASE_URL, loadWebConfig } from './web.config';
import { WebConfigError } from './web-config.error';

describe('loadWebConfig', () => {
  it('defaults to the gateway on :7204 and the web port 7152 (docs/ARCHITECTURE.md "Environment")', () => {
    expect(loadWebConfig({})).toEqual({
      gatewayBaseUrl: DEFAULT_GATEWAY_BASE_URL,
      gatewayOrigin: 'http://localhost:7204',
      port: 7152,
      host: '0.0.0.0',
      logLevel: 'info',
    });
  });

  it.each([
    ['http://localhost:7204', 'http://localhost:7204', 'http://localhost:7204'],
    ['http://localhost:7204/', 'http://localhost:7204', 'http://localhost:7204'],
    ['  https://api.example.com  ', 'https://api.example.com', 'https://api.example.com'],
    ['https://example.com/gateway/', 'https://example.com/gateway', 'https://example.com'],
    ['http://127.0.0.1:9999', 'http://127.0.0.1:9999', 'http://127.0.0.1:9999'],
  ])('GATEWAY_BASE_URL %j -> base %j, origin %j', (raw, base, origin) => {
    const config = loadWebConfig({ GATEWAY_BASE_URL: raw });
    expect(config.gatewayBaseUrl).toBe(base);
    expect(config.gatewayOrigin).toBe(origin);
  });

  it.each([
    ['GATEWAY_BASE_URL', 'localhost:7204'],
    ['GATEWAY_BASE_URL', 'not a url'],
    ['GATEWAY_BASE_URL', 'ftp://localhost:7204'],
    ['GATEWAY_BASE_URL', 'javascript:alert(1)'],
    ['GATEWAY_BASE_URL', 'http://user:pw@localhost:7204'],
    ['GATEWAY_BASE_URL', 'http://localhost:7204/?x=1'],
    ['GATEWAY_BASE_URL', 'http://localhost:7204/#top'],
    ['PORT', 'abc'],
    ['PORT', '-1'],
    ['PORT', '70000'],
    ['PORT', '80.5'],
  ])('%s=%j stops start-up with an error naming the variable', (variable, value) => {
    let error: unknown;
    try {
      loadWebConfig({ [variable]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WebConfigError);
    expect((error as WebConfigError).variable).toBe(variable);
    expect((error as Error).message).toContain(variable);
    expect((error as Error).message).toContain(value);
  });

  it.each([
    ['0', 0],
    ['7152', 7152],
    ['65535', 65535],
  ])('PORT %j -> %d', (raw, port) => {
    expect(loadWebConfig({ PORT: raw }).port).toBe(port);
  });

  it.each([
    [undefined, undefined],
    ['', undefined],
    ['0', 0],
    ['9464', 9464],
  ])('METRICS_PORT %j -> %j (undefined: /metrics on the web port)', (raw, port) => {
    expect(loadWebConfig(raw === undefined ? {} : { METRICS_PORT: raw }).metricsPort).toBe(port);
  });

  it('a bad METRICS_PORT stops start-up with an error naming it', () => {
    expect(() => loadWebConfig({ METRICS_PORT: 'metrics' })).toThrow(/^Invalid configuration METRICS_PORT: .*got "metrics"$/);
  });
});
