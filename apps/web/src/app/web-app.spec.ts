import { SMALL_REQUEST_LIMITS, PASSWORD_RULE_HINT } from '@corsway/contracts';
import { RawClient } from '@corsway/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORS_PROBE_CASES } from './diagnostics/cors-probe-case';
import type { CorsProbeInput } from './diagnostics/cors-explainer';
import { createWebApp } from './create-web-app';
import { WebConfigError } from './config/web-config.error';
import { startWebTestServer, type WebTestServer } from './test/web-test-server';
import { vendorDir } from './static/static-assets';

const GATEWAY = 'http://gateway.test:7204';

function cspDirectives(header: string | null): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of (header ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) map.set(name, values);
  }
  return map;
}

describe('web app over HTTP', () => {
  let server: WebTestServer;
  const probes: CorsProbeInput[] = [];

  beforeAll(async () => {
    server = await startWebTestServer({
      env: { GATEWAY_BASE_URL: `${GATEWAY}/` },
      corsExplainer: async (input) => {
        probes.push(input);
        return { allowed: input.headers['X-Api-Key'] === undefined, explanation: `explained ${input.method} ${input.url}`, steps: ['s'] };
      },
    });
  });
  afterAll(() => server.close());

  it.each([
    ['/', 'Login', 'login-form'],
    ['/Account/Login', 'Login', 'login-form'],
    ['/account/login', 'Login', 'login-form'],
    ['/Account/Register', 'Register', 'register-form'],
    ['/Home', 'Home', 'profile'],
    ['/Diagnostics/Cors', 'CORS diagnostics', 'cors-cases'],
  ])('GET %s renders the %s page in the shared layout', async (path, title, id) => {
    const res = await fetch(server.url + path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain(`<title>${title} - Corsway</title>`);
    expect(html).toContain(`id="${id}"`);
    // Navbar of the layout, with Register and Login (the seed's _Layout.cshtml).
    expect(html).toMatch(/href="\/Account\/Register">Register</);
    expect(html).toMatch(/href="\/Account\/Login">Login</);
    expect(html).toContain(`data-gateway-base-url="${GATEWAY}"`);
    expect(html).toContain('id="messages" aria-live="polite"');
  });

  it('sends a CSP whose per-response nonce is on every script and whose connect-src names the gateway', async () => {
    const [a, b] = await Promise.all([fetch(server.url + '/'), fetch(server.url + '/')]);
    const nonces = [];
    for (const res of [a, b]) {
      const csp = cspDirectives(res.headers.get('content-security-policy'));
      const scriptSrc = csp.get('script-src') ?? [];
      const nonce = scriptSrc.find((v) => v.startsWith("'nonce-"))?.slice(7, -1);
      expect(nonce).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(scriptSrc).not.toContain("'unsafe-inline'");
      expect(csp.get('connect-src')).toEqual(["'self'", GATEWAY]);
      expect(csp.get('object-src')).toEqual(["'none'"]);
      expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
      expect(csp.has('upgrade-insecure-requests')).toBe(false);
      const html = await res.text();
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length).toBeGreaterThanOrEqual(4);
      for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
      nonces.push(nonce);
    }
    expect(nonces[0]).not.toBe(nonces[1]);
  });

  it('sends the other helmet headers and no X-Powered-By', async () => {
    const res = await fetch(server.url + '/Account/Register');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it.each([
    ['/lib/bootstrap/css/bootstrap.min.css', 'text/css', 'bootstrap', 'dist/css/bootstrap.min.css'],
    ['/lib/bootstrap/js/bootstrap.bundle.min.js', 'javascript', 'bootstrap', 'dist/js/bootstrap.bundle.min.js'],
    ['/lib/jquery/jquery.min.js', 'javascript', 'jquery', 'dist/jquery.min.js'],
  ])('serves %s from node_modules (no CDN)', async (path, type, pkg, file) => {
    const res = await fetch(server.url + path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain(type);
    const body = await res.text();
    expect(body).toBe(readFileSync(join(vendorDir(pkg, ''), file), 'utf8'));
  });

  it('serves versions 5.3 of Bootstrap and 3.7 of jQuery', async () => {
    expect(await (await fetch(server.url + '/lib/bootstrap/css/bootstrap.min.css')).text()).toMatch(/Bootstrap\s+v5\.3\./);
    expect(await (await fetch(server.url + '/lib/jquery/jquery.min.js')).text()).toMatch(/jQuery v3\.7\./);
  });

  it.each(['/js/site.js', '/js/login.js', '/js/register.js', '/js/home.js', '/js/diagnostics-cors.js', '/css/site.css'])(
    'serves the app asset %s',
    async (path) => {
      expect((await fetch(server.url + path)).status).toBe(200);
    },
  );

  it('the browser scripts never write API text with .html() (the seed XSS sink)', async () => {
    for (const name of ['site', 'login', 'register', 'home', 'diagnostics-cors']) {
      const source = await (await fetch(`${server.url}/js/${name}.js`)).text();
      const js = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
      expect(js).toMatch(/\S/);
      expect(js).not.toMatch(/\.html\(/);
      expect(js).not.toMatch(/innerHTML/);
      expect(js).not.toMatch(/localStorage/);
    }
  });

  it('escapes values it renders (login reason is a fixed list; nothing reflected)', async () => {
    const html = await (await fetch(`${server.url}/Account/Login?reason=%3Cscript%3Ealert(1)%3C%2Fscript%3E`)).text();
    expect(html).not.toContain('alert(1)');
    const registered = await (await fetch(`${server.url}/Account/Login?reason=registered`)).text();
    expect(registered).toContain('Your account was created');
  });

  it("shows the password rule of @corsway/contracts under the register page's password field (no composition rules)", async () => {
    const html = await (await fetch(server.url + '/Account/Register')).text();
    const escaped = PASSWORD_RULE_HINT.replace(/"/g, '&quot;');
    expect(html).toContain(escaped);
    expect(html).not.toMatch(/upper and lower case|a digit and a symbol/);
  });

  it('binds every register label to its input and its error slot', async () => {
    const html = await (await fetch(server.url + '/Account/Register')).text();
    for (const name of ['Email', 'UserName', 'DisplayName', 'Password']) {
      expect(html).toContain(`<label for="${name}"`);
      expect(html).toMatch(new RegExp(`<input id="${name}"[^>]*aria-describedby="[^"]*${name}-error"`));
      expect(html).toContain(`id="${name}-error" class="invalid-feedback"`);
    }
  });

  it('GET /health answers ok', async () => {
    const res = await fetch(server.url + '/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it.each(CORS_PROBE_CASES.map((c) => [c.id, c] as const))(
    'explain?case=%s asks the CORS explainer about the same request the page sends',
    async (id, probe) => {
      const res = await fetch(`${server.url}/Diagnostics/Cors/explain?case=${id}`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ case: id, origin: server.url, url: `${GATEWAY}${probe.path}` });
      expect(body.explanation).toBe(`explained ${probe.method} ${GATEWAY}${probe.path}`);
      expect(probes.at(-1)).toEqual({
        url: `${GATEWAY}${probe.path}`,
        origin: server.url,
        method: probe.method,
        headers: probe.headers,
        credentials: probe.credentials,
      });
    },
  );

  it('a browser asking for a missing page gets the layout with a 404 page, escaped', async () => {
    const res = await fetch(`${server.url}/no-such-page/%3Cscript%3E`, { headers: { Accept: 'text/html,application/xhtml+xml' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self' 'nonce-");
    const html = await res.text();
    expect(html).toContain('<title>Page not found - Corsway</title>');
    expect(html).toContain('href="/Account/Register">Register<');
    expect(html).not.toContain('<script>');
  });

  it('a JSON caller of a missing path keeps a JSON 404', async () => {
    const res = await fetch(`${server.url}/no-such-page`, { headers: { Accept: 'application/json' } });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { statusCode: number }).statusCode).toBe(404);
  });

  // The web app serves pages; it takes no request body anywhere. A body, of any size or
  // type, is never parsed: a POST is the 404 of a path with no POST, not a 500 from a parser.
  it.each([
    ['a 3 MB form post', 'application/x-www-form-urlencoded', 'a='.padEnd(3_000_000, 'x')],
    ['a 3 MB JSON body', 'application/json', JSON.stringify({ a: 'x'.repeat(3_000_000) })],
    ['malformed JSON', 'application/json', '{bad'],
  ])('%s to a page: 404 "Cannot POST", never a 500', async (_name, type, body) => {
    const res = await fetch(`${server.url}/Account/Login`, { method: 'POST', headers: { 'Content-Type': type }, body });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ statusCode: 404, message: 'Cannot POST /Account/Login' });
  });

  it('CONNECT (a tunnel the web app does not open) is answered 405, not a closed connection', async () => {
    const raw = await RawClient.open(server.url);
    raw.write('CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n');
    await raw.closed;
    expect(raw.status).toBe(405);
    expect(raw.json()).toMatchObject({ statusCode: 405, error: 'Method Not Allowed', message: expect.stringMatching(/opens no tunnels/) });
  });

  it('an Expect other than 100-continue is answered 417 with a message, not a bare status', async () => {
    const raw = await RawClient.open(server.url);
    raw.write('GET / HTTP/1.1\r\nHost: x\r\nExpect: a-miracle\r\n\r\n');
    await raw.closed;
    expect(raw.status).toBe(417);
    expect(raw.header('connection')).toBe('close');
    expect(raw.json()).toMatchObject({ statusCode: 417, error: 'Expectation Failed', message: expect.stringContaining('Expect: a-miracle cannot be met') });
  });

  // Node's defaults held such a connection 60 s; the web app allows the headers 10 s (SMALL_REQUEST_LIMITS).
  it('a client trickling its headers gets 408 and is closed within the page server limit', async () => {
    const limit = SMALL_REQUEST_LIMITS.headersTimeoutMs + 2_000;
    const { raw, closedAfterMs } = await RawClient.trickleHeaders(server.url, 'GET / HTTP/1.1', limit);
    expect(closedAfterMs).toBeLessThan(limit);
    expect(raw.status).toBe(408);
  }, 20_000);

  it('explain rejects an unknown case with 400 naming the valid ones', async () => {
    const res = await fetch(`${server.url}/Diagnostics/Cors/explain?case=nope`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toContain('simple, preflight-json');
  });

  it('renders each probe case into the diagnostics table with its JSON for the page script', async () => {
    const html = await (await fetch(server.url + '/Diagnostics/Cors')).text();
    for (const c of CORS_PROBE_CASES) expect(html).toContain(`data-case-id="${c.id}"`);
    expect(html).toContain('data-case="{&quot;id&quot;:&quot;simple&quot;');
  });
});

describe('createWebApp start-up', () => {
  it('refuses a bad GATEWAY_BASE_URL, naming the variable', async () => {
    await expect(createWebApp({ env: { GATEWAY_BASE_URL: 'localhost:7204' } })).rejects.toThrow(WebConfigError);
    await expect(createWebApp({ env: { GATEWAY_BASE_URL: 'localhost:7204' } })).rejects.toThrow(/GATEWAY_BASE_URL/);
  });
});
