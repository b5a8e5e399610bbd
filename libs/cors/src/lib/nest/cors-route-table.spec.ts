import { CorsRouteTable, expandOptionalGroups, type CorsRouteChoice } from './cors-route-table';

const p = (policy: string): CorsRouteChoice<string> => ({ kind: 'policy', policy });

describe('expandOptionalGroups', () => {
  it.each([
    ['/a', ['/a']],
    ['/a{/:id}', ['/a/:id', '/a']],
    ['/a{/:x}{/:y}', ['/a/:x/:y', '/a/:x', '/a/:y', '/a']],
    ['/files/{*rest}', ['/files/{*rest}']],
  ])('%s', (path, expected) => expect(expandOptionalGroups(path)).toEqual(expected));
});

describe('CorsRouteTable', () => {
  const table = new CorsRouteTable<string>();
  table.add('GET', '/users', p('list'));
  table.add('POST', '/users', p('create'));
  table.add('GET', '/users/:id', p('one'));
  table.add('GET', '/users/me', p('me'));
  table.add('ALL', '/any/:x', p('all'));
  table.add('DELETE', '/any/:x', p('delete'));
  table.add('ALL', '/static-all', p('static-all'));
  table.add('GET', '/files/{*rest}', p('files'));
  table.add('GET', '/files/special/:name', p('special'));
  table.add('GET', '/docs{/:page}', p('docs'));
  table.add('GET', 'relative', { kind: 'disabled' });
  table.add('GET', '/', p('root'));
  table.add('GET', '*', p('catch-all'));

  it.each([
    ['GET', '/users', 'list'],
    ['POST', '/users/', 'create'],
    ['GET', '/USERS?x=1', 'list'],
    ['GET', '/users/me', 'me'],
    ['GET', '/users/42', 'one'],
    ['HEAD', '/users/42', 'one'],
    ['PUT', '/any/1', 'all'],
    ['DELETE', '/any/1', 'delete'],
    ['PATCH', '/static-all', 'static-all'],
    ['GET', '/files', 'files'],
    ['GET', '/files/a/b', 'files'],
    ['GET', '/files/special/x', 'special'],
    ['GET', '/docs', 'docs'],
    ['GET', '/docs/intro', 'docs'],
    ['GET', '/', 'root'],
    ['GET', '/nothing/here', 'catch-all'],
    ['PUT', '/users', undefined],
    ['GET', '/users//', 'catch-all'],
  ])('%s %s → %s', (method, url, expected) => {
    const choice = table.match(method, url);
    expect(choice?.kind === 'policy' ? choice.policy : choice?.kind).toBe(expected);
  });

  it('keeps disabled choices', () => {
    expect(table.match('GET', '/relative')).toEqual({ kind: 'disabled' });
  });

  it('an empty parameter segment does not match', () => {
    const t = new CorsRouteTable<string>();
    t.add('GET', '/a/:id/b', p('x'));
    expect(t.match('GET', '/a//b')).toBeUndefined();
  });
});
