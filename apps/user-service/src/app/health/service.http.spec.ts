import { ENGINES, createTestStorage } from '../../test/engines';
import { request } from '../../test/http-client';
import { startTestApp, type TestApp } from '../../test/test-app';
import { createUserServiceApp, listenUserService } from '../create-user-service-app';

describe.each(ENGINES)('health, docs and request ids on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(() => t.close());

  it('GET /health checks the database (terminus) inside the envelope', async () => {
    const res = await request<{ status: string; details: Record<string, { status: string; engine: string }> }>(
      `${t.url}/health`,
    );
    expect(res.status).toBe(200);
    expect(res.body.Success).toBe(true);
    expect(res.body.Data!.details['database']).toEqual({ status: 'up', engine });
  });

  it('serves the OpenAPI document at /docs-json with every route, and the UI at /docs', async () => {
    const doc = JSON.parse((await request(`${t.url}/docs-json`)).text) as {
      paths: Record<
        string,
        Record<string, { responses: Record<string, { content: Record<string, { schema: unknown }> }> }>
      >;
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/.well-known/jwks.json',
      '/health',
      '/user/login',
      '/user/logout',
      '/user/logout-all',
      '/user/me',
      '/user/refresh',
      '/user/register',
    ]);
    // Responses are documented as the envelope, with Data typed where there is one.
    expect(doc.paths['/user/login']['post'].responses['200'].content['application/json'].schema).toEqual({
      allOf: [
        { $ref: '#/components/schemas/EnvelopeSchema' },
        { properties: { Data: { $ref: '#/components/schemas/LoginDataSchema' } } },
      ],
    });
    expect(Object.keys(doc.paths['/user/login']['post'].responses).sort()).toEqual([
      '200',
      '400',
      '401',
      '403',
      '429',
      '503',
    ]);
    expect(Object.keys(doc.components.schemas['LoginDataSchema'].properties)).toEqual(
      expect.arrayContaining([
        'AccessToken',
        'RefreshToken',
        'ExpiresIn',
        'TokenType',
        'Id',
        'Email',
        'UserName',
        'DisplayName',
      ]),
    );
    expect(Object.keys(doc.components.schemas['RegisterDto'].properties).sort()).toEqual([
      'DisplayName',
      'Email',
      'Password',
      'UserName',
    ]);
    const ui = await request(`${t.url}/docs`);
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger');
  });

  it.each([
    ['honours a well-formed incoming X-Request-Id', 'gw-abc-123', 'gw-abc-123'],
    ['replaces one that could inject into logs', 'bad id\nx', null],
  ])('%s', async (_what, incoming, expected) => {
    const res = await request(`${t.url}/nowhere`, { headers: { 'x-request-id': incoming.replace('\n', ' ') } });
    const id = res.headers.get('x-request-id')!;
    if (expected) expect(id).toBe(expected);
    else expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(t.logs).toContainEqual(expect.objectContaining({ req: expect.objectContaining({ id, url: '/nowhere' }) }));
  });

  it('answers 503 in the envelope when the database is gone', async () => {
    const probe = await startTestApp(engine);
    await probe.repo.close();
    const res = await request(`${probe.url}/health`);
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ Success: false, Data: null, Message: expect.stringMatching(/database/), Errors: null });
    await probe.close();
  });

  it('listenUserService binds, reports the real port (localhost for 0.0.0.0) and closes cleanly', async () => {
    const storage = await createTestStorage(engine);
    const app = await createUserServiceApp({
      env: { NODE_ENV: 'test', LOG_LEVEL: 'silent' },
      config: { dataDir: storage.dataDir, databaseUrl: storage.databaseUrl },
    });
    try {
      const url = await listenUserService(app, 0, '0.0.0.0');
      expect(url).toMatch(/^http:\/\/localhost:\d+$/);
      expect(url).not.toMatch(/:0$/);
      expect((await request(`${url.replace('localhost', '127.0.0.1')}/health`)).status).toBe(200);
    } finally {
      await app.close();
      await storage.dispose();
    }
  });
});

describe('start-up failures', () => {
  it('names DATABASE_URL when the database cannot be reached', async () => {
    const storage = await createTestStorage('sqlite');
    await expect(
      createUserServiceApp({
        env: { NODE_ENV: 'test', LOG_LEVEL: 'silent' },
        config: { dataDir: storage.dataDir, databaseUrl: 'postgres://postgres@127.0.0.1:1/none' },
      }),
    ).rejects.toThrow(/DATABASE_URL=postgres:\/\/postgres@127\.0\.0\.1:1\/none/);
    await storage.dispose();
  });
});
