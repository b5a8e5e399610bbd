import { parseExplainArgs, UsageError } from './explain-args';

describe('parseExplainArgs', () => {
  it('parses both --flag value and --flag=value', () => {
    expect(parseExplainArgs(['--url', 'http://localhost:7204/users/user/me', '--origin=HTTP://LOCALHOST:7152', '--method', 'put',
      '--headers', 'Content-Type: application/json, X-Api-Key', '--credentials', '--private-network=true', '--json', '--data', '{"a":1}', '--send'])).toEqual({
      request: {
        url: 'http://localhost:7204/users/user/me', origin: 'http://localhost:7152', method: 'put',
        headers: { 'Content-Type': 'application/json', 'X-Api-Key': 'x' }, credentials: true, privateNetwork: true, body: '{"a":1}',
      },
      json: true,
      send: true,
      dryRun: null,
    });
    expect(parseExplainArgs(['--url=http://a.test/', '--origin', 'http://b.test', '--json=false'])).toMatchObject({ json: false, send: false, request: { method: 'GET', headers: {} } });
    expect(parseExplainArgs(['--url=http://a.test/', '--origin', 'http://b.test', '--dry-run', '--config', 'c.json', '--policy', 'P'])).toMatchObject({ dryRun: { config: 'c.json', policy: 'P' } });
    expect(parseExplainArgs(['--url=http://a.test/', '--origin', 'http://b.test', '--dry-run', '--config', 'c.json'])).toMatchObject({ dryRun: { config: 'c.json', policy: null } });
    expect(parseExplainArgs(['--url=http://a.test/', '--origin', 'http://b.test', '--header', 'Accept: text/html, */*', '--header=X-A: 1', '--headers', 'X-B: 2'])).toMatchObject({
      request: { headers: { Accept: 'text/html, */*', 'X-A': '1', 'X-B': '2' } },
    });
    expect(parseExplainArgs(['--help'])).toBe('help');
  });

  it.each([
    [[], '--url is required'],
    [['--url', 'http://a.test'], '--origin is required'],
    [['--url'], '--url needs a value'],
    [['--url', '--origin', 'x'], '--url needs a value'],
    [['url'], 'unexpected argument "url"'],
    [['--nope'], 'unknown option --nope'],
    [['--json=1'], '--json takes no value'],
    [['--url', 'not a url', '--origin', 'http://b.test'], 'is not an absolute URL'],
    [['--url', 'ftp://a.test', '--origin', 'http://b.test'], 'must be http or https'],
    [['--url', 'http://a.test', '--origin', 'b.test'], 'is not an origin'],
    [['--url', 'http://a.test', '--origin', 'http://b.test', '--method', 'G T'], 'is not an HTTP method'],
    [['--url', 'http://a.test', '--origin', 'http://b.test', '--headers', 'Bad Name: 1'], '"Bad Name" is not a header name'],
    [['--url', 'http://a.test', '--origin', 'http://b.test', '--dry-run'], '--dry-run needs --config'],
    [['--url', 'http://a.test', '--origin', 'http://b.test', '--header', 'A B: 1'], '--header: "A B" is not a header name'],
  ])('%j → %s', (argv, message) => {
    expect(() => parseExplainArgs(argv)).toThrow(UsageError);
    expect(() => parseExplainArgs(argv)).toThrow(message);
  });
});
