import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { devLogDestination } from './log-destination';

describe('devLogDestination', () => {
  it.each([['production'], ['test']])('is JSON (pino default) under NODE_ENV=%s', (mode) => {
    expect(devLogDestination({ NODE_ENV: mode })).toBeUndefined();
  });

  it.each([[{}], [{ NODE_ENV: 'development' }]])('is pino-pretty in development (%j): a readable line, not JSON', async (env) => {
    const chunks: string[] = [];
    const sink = new Writable({ write: (c, _e, cb) => (chunks.push(String(c)), cb()) });
    const stream = devLogDestination(env, { destination: sink });
    expect(stream).toBeDefined();
    const logger = pino({ base: { app: 'web' } }, stream);
    logger.info({ route: '/x' }, 'Listening soon');
    await new Promise((r) => setTimeout(r, 50));
    const text = chunks.join('');
    expect(text).toMatch(/INFO.*Listening soon/);
    expect(() => JSON.parse(text)).toThrow();
  });

  it('falls back to JSON when pino-pretty is not installed (a production-dependencies image)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'no-pretty-'));
    try {
      const file = join(dir, 'main.js');
      writeFileSync(file, '');
      expect(devLogDestination({ NODE_ENV: 'development' }, { resolveFrom: file })).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
