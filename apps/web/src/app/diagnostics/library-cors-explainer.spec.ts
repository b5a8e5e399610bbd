import { CorsModule, CorsPolicyBuilder, EnableCors } from '@corsway/cors';
import { Controller, Get, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import { startWebTestServer, type WebTestServer } from '../test/web-test-server';

// A stand-in gateway built from the real CORS library: one StrictMvc-like
// route (GET /users/health; Content-Type and Authorization only; no credentials).
const strictMvc = new CorsPolicyBuilder()
  .setIsOriginAllowed((origin) => origin.startsWith('http://127.0.0.1:'))
  .withHeaders('Content-Type', 'Authorization')
  .withMethods('GET', 'POST')
  .build();

@EnableCors('StrictMvc')
@Controller('users')
class UsersHealthController {
  @Get('health')
  health(): { status: string } {
    return { status: 'ok' };
  }
}

@Module({
  imports: [CorsModule.forRoot({ policies: { StrictMvc: strictMvc }, defaultPolicy: null })],
  controllers: [UsersHealthController],
})
class StandInGatewayModule {}

describe('Diagnostics/Cors/explain with the CORS library probe', () => {
  let gateway: INestApplication;
  let web: WebTestServer;

  beforeAll(async () => {
    gateway = await NestFactory.create(StandInGatewayModule, { logger: false });
    await gateway.listen(0, '127.0.0.1');
    const { port } = gateway.getHttpServer().address() as AddressInfo;
    // The default explainer: no override, so this is the library wiring under test.
    web = await startWebTestServer({ env: { GATEWAY_BASE_URL: `http://127.0.0.1:${port}` } });
  });
  afterAll(async () => {
    await web?.close();
    await gateway?.close();
  });

  it.each([
    ['simple', true, /^allowed/],
    ['custom-header', false, /Request header field x-api-key is not allowed by Access-Control-Allow-Headers/],
    ['credentialed-strict', false, /Access-Control-Allow-Credentials/],
  ])('case %s: allowed=%s, explained by the library', async (id, allowed, explanation) => {
    const res = await fetch(`${web.url}/Diagnostics/Cors/explain?case=${id}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { allowed: boolean; explanation: string; steps: unknown[]; origin: string };
    expect(body.origin).toBe(web.url);
    expect(body.allowed).toBe(allowed);
    expect(body.explanation).toMatch(explanation);
    expect(body.steps.length).toBeGreaterThan(0);
  });
});
