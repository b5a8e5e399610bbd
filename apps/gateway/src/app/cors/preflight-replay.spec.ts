import { CorsPolicyBuilder, evaluateCors } from '@corsway/cors';
import { testConfig } from '../../testing/gateway-under-test.testing';
import { compileGatewayConfig } from '../config/compiled-gateway.config';
import { PREFLIGHT_REPLAY_LIMIT, PreflightReplay } from './preflight-replay';

const ORIGIN = 'https://app.example';
const policy = new CorsPolicyBuilder('Web').withOrigins(ORIGIN).withMethods('GET', 'POST').allowAnyHeader().build();
const compile = () => compileGatewayConfig(testConfig({ svc: ['http://127.0.0.1:9'] }, [{ upstream: '/a', downstream: '/a', service: 'svc' }]), {}, 'test');
const preflight = (headers: Record<string, string>) => ({ origin: ORIGIN, 'access-control-request-method': 'POST', ...headers });
const decide = (headers: Record<string, string>) =>
  evaluateCors({ method: 'OPTIONS', origin: headers['origin'], accessControlRequestMethod: headers['access-control-request-method'], accessControlRequestHeaders: headers['access-control-request-headers'] }, policy);

describe('PreflightReplay', () => {
  it('keeps only shared granted decisions: a refused one, or one built for this request alone, is decided again', () => {
    const replay = new PreflightReplay();
    const config = compile();
    const refused = preflight({ 'access-control-request-method': 'PATCH' });
    const echoed = preflight({ 'access-control-request-headers': 'x-a' }); // any-header echo: a fresh decision per request
    const listed = preflight({});
    const countFor = jest.fn(() => null);
    for (const headers of [refused, echoed, listed]) replay.remember(config, '/a', headers, decide(headers), countFor);
    // Only the kept one builds its metrics counter.
    expect(countFor).toHaveBeenCalledTimes(1);
    expect(replay.find(config, '/a', refused)).toBeUndefined();
    expect(replay.find(config, '/a', echoed)).toBeUndefined();
    expect(replay.find(config, '/a', listed)?.decision).toBe(decide(listed));
  });

  it('answers only for the config it was filled under', () => {
    const replay = new PreflightReplay();
    const [first, second] = [compile(), compile()];
    const headers = preflight({});
    replay.remember(first, '/a', headers, decide(headers), () => null);
    expect(replay.find(second, '/a', headers)).toBeUndefined();
    replay.remember(second, '/a', headers, decide(headers), () => null);
    expect(replay.find(first, '/a', headers)).toBeUndefined();
    expect(replay.find(second, '/a', headers)).toBeDefined();
  });

  it(`stays bounded: past ${PREFLIGHT_REPLAY_LIMIT} answers (a client cycling through spellings) it starts over`, () => {
    const replay = new PreflightReplay();
    const config = compile();
    const headers = preflight({});
    const decision = decide(headers);
    for (let i = 0; i < PREFLIGHT_REPLAY_LIMIT; i++) replay.remember(config, `/a?${i}`, headers, decision, () => null);
    expect(replay.find(config, '/a?0', headers)).toBeDefined();
    replay.remember(config, '/a?over', headers, decision, () => null);
    expect(replay.find(config, '/a?0', headers)).toBeUndefined();
    expect(replay.find(config, '/a?over', headers)).toBeDefined();
  });
});
