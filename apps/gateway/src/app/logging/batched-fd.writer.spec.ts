import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { accessLogger, jsonString } from './access-log';
import { BatchedFdWriter } from './batched-fd.writer';

describe('BatchedFdWriter: the gateway log, batched and asynchronous', () => {
  let dir: string;
  let file: string;
  let fd: number;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gw-log-'));
    file = join(dir, 'out.log');
    fd = openSync(file, 'w');
  });
  afterEach(() => {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  });

  const until = async (check: () => boolean) => {
    for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  };

  it('keeps lines in order across batches and writes a partial batch within the flush interval', async () => {
    const w = new BatchedFdWriter(fd);
    const lines = Array.from({ length: 500 }, (_, i) => `{"n":${i},"pad":"${'x'.repeat(40)}"}\n`);
    for (const line of lines) w.write(line);
    w.write('{"n":"tail"}\n'); // below a batch: goes out by the interval, not by size
    await until(() => readFileSync(file, 'utf8').endsWith('{"n":"tail"}\n'));
    expect(readFileSync(file, 'utf8')).toBe(lines.join('') + '{"n":"tail"}\n');
  });

  it('keeps multi-byte characters whole at batch edges, and a line larger than a batch in its place', async () => {
    const w = new BatchedFdWriter(fd);
    // 3-byte and 4-byte UTF-8 characters, in lines that straddle many 64 KiB batch edges.
    const lines = Array.from({ length: 3000 }, (_, i) => `{"n":${i},"s":"€𝄞${'ü'.repeat(i % 50)}"}\n`);
    const huge = `{"stack":"${'x€'.repeat(70_000)}"}\n`;
    const all = [...lines.slice(0, 1500), huge, ...lines.slice(1500)];
    for (const line of all) w.write(line);
    const expected = all.join('');
    await until(() => readFileSync(file, 'utf8').length >= expected.length);
    expect(readFileSync(file, 'utf8')).toBe(expected);
  });

  it('flush() writes what is pending at once (pino logger.flush on close) and calls back', () => {
    const w = new BatchedFdWriter(fd);
    w.write('a\n');
    w.write('b\n');
    const done = jest.fn();
    w.flush(done);
    expect(readFileSync(file, 'utf8')).toBe('a\nb\n');
    expect(done).toHaveBeenCalledTimes(1);
  });

  it('is a pino destination: logger.flush() reaches it', () => {
    const logger = pino({ base: { app: 'gateway' } }, new BatchedFdWriter(fd));
    logger.info({ k: 1 }, 'hello');
    logger.flush();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ level: 30, app: 'gateway', k: 1, msg: 'hello' });
  });
});

describe('accessLogger: the proxied line, as pino itself would write it', () => {
  it.each([
    ['a plain request', '/users/user/me?x=1'],
    ['a URL that needs escaping', '/a"b\\c/%0A\u2028'],
    ['control and non-ASCII characters', '/x\u0000y\u001f\u007f\u00e9'],
    ['an empty URL', ''],
  ])('%s', (_name, url) => {
    const ours: string[] = [];
    const theirs: string[] = [];
    const entry = { reqId: 'r-1', trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', method: 'GET', url, route: 'routes[0]', instance: 'http://127.0.0.1:1', status: 200, durationMs: 3 };
    accessLogger(pino({ base: { app: 'gateway' } }, { write: (l: string) => ours.push(l) }))(entry);
    pino({ base: { app: 'gateway' } }, { write: (l: string) => theirs.push(l) }).info(entry, 'proxied');
    const [a, b] = [JSON.parse(ours[0]), JSON.parse(theirs[0])];
    expect(Math.abs(a.time - b.time)).toBeLessThan(1000);
    expect({ ...a, time: 0 }).toEqual({ ...b, time: 0 });
    expect(Object.keys(a)).toEqual(Object.keys(b));
    expect(ours[0].endsWith('\n')).toBe(true);
  });

  it.each([
    ['r-1'],
    ['-'],
    ['say "hi"'],
    ['back\\slash'],
    ['tab\there'],
    ['\u007f'],
    ['~ !#$%&()*+,-./09:;<=>?@AZ[]^_`az{|}'],
  ])('jsonString(%j) is what JSON.stringify gives', (s) => {
    expect(jsonString(s)).toBe(JSON.stringify(s));
  });

  it('follows the logger level when it changes, with no listener left on the logger', () => {
    const out: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (l: string) => out.push(l) });
    const log = accessLogger(logger);
    const entry = { reqId: 'r', trace_id: '-', method: 'GET', url: '/', route: '-', instance: '-', status: 200, durationMs: 0 };
    log(entry);
    logger.level = 'info';
    log(entry);
    logger.level = 'error';
    log(entry);
    expect(out).toHaveLength(1);
    expect(logger.listenerCount('level-change')).toBe(0);
  });

  it('writes nothing below the info level', () => {
    const out: string[] = [];
    accessLogger(pino({ level: 'warn' }, { write: (l: string) => out.push(l) }))({
      reqId: 'r', trace_id: '-', method: 'GET', url: '/', route: '-', instance: '-', status: 404, durationMs: 0,
    });
    expect(out).toEqual([]);
  });
});
