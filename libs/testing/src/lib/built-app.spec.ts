import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { restartOnSamePort, rssBytes, startApp } from './built-app';

// Stand-in "built apps": scripts that keep the contract (or break it) the way the real ones do.
const dir = mkdtempSync(join(tmpdir(), 'built-app-'));
const script = (name: string, body: string) => {
  const file = join(dir, `${name}.js`);
  writeFileSync(file, body);
  return file;
};
const listening = script(
  'listening',
  `const s = require('node:http').createServer((q, r) => r.end(process.env.GREETING));
   s.listen(Number(process.env.PORT), process.env.HOST, () => console.log('Listening on http://localhost:' + s.address().port));
   process.on('SIGTERM', () => s.close(() => process.exit(0)));`,
);
const failing = script('failing', `console.error('PORT: must be a port number'); process.exit(1);`);
const silent = script('silent', `setInterval(() => undefined, 1000);`);

describe('startApp', () => {
  it('resolves once the app prints its URL (loopback, port 0), passes env, and stops it', async () => {
    const app = await startApp('gateway', { GREETING: 'hi' }, { main: listening });
    expect(app.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await (await fetch(app.url)).text()).toBe('hi');
    expect(app.env).toMatchObject({ NODE_ENV: 'test', HOST: '127.0.0.1', PORT: '0', GREETING: 'hi' });
    expect(await rssBytes(app.pid)).toBeGreaterThan(1024 * 1024);
    await app.stop();
    expect(app.process.exitCode).toBe(0);
  });

  it('restarts on the same port, and kill() is a crash (SIGKILL)', async () => {
    const first = await startApp('user-service', {}, { main: listening });
    await first.kill();
    expect(first.process.signalCode).toBe('SIGKILL');
    const again = await restartOnSamePort(first, { main: listening });
    expect(again.port).toBe(first.port);
    await again.stop();
  });

  it('rejects with the app output when it exits before listening', async () => {
    await expect(startApp('web', {}, { main: failing })).rejects.toThrow(/web exited \(1\) before listening[\s\S]*PORT: must be a port number/);
  });

  it('rejects and kills an app that never listens', async () => {
    await expect(startApp('web', {}, { main: silent, timeoutMs: 500 })).rejects.toThrow(/did not print "Listening on <url>" within 500 ms/);
  });

  it('rssBytes refuses a pid that does not exist', async () => {
    await expect(rssBytes(2 ** 22 + 12345)).rejects.toThrow();
  });
});
