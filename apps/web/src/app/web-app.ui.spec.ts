import { startWebTestServer, type WebTestServer } from './test/web-test-server';

describe('web app: favicon and navbar', () => {
  let server: WebTestServer;
  beforeAll(async () => (server = await startWebTestServer()));
  afterAll(() => server.close());

  it.each([
    ['/favicon.ico', /^image\/(x-icon|vnd\.microsoft\.icon)$/],
    ['/favicon.svg', /^image\/svg\+xml/],
  ])('serves %s (no 404 on every page)', async (path, type) => {
    const res = await fetch(server.url + path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(type);
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(100);
  });

  it('every page links the icon and renders both navbar states, the signed-in one hidden until site.js sees a token', async () => {
    const html = await (await fetch(server.url + '/Diagnostics/Cors')).text();
    expect(html).toContain('<link rel="icon" href="/favicon.ico" sizes="32x32">');
    expect(html).toMatch(/<ul class="navbar-nav" id="nav-signed-out">[\s\S]*href="\/Account\/Login">Login</);
    expect(html).toMatch(/<ul class="navbar-nav align-items-sm-center" id="nav-signed-in" hidden>[\s\S]*id="nav-logout">Logout</);
  });
});
