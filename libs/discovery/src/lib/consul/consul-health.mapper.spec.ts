import { sameInstances, toServiceInstances } from './consul-health.mapper';

const entry = (id: string, address: string, port: number, statuses: string[] = ['passing'], nodeAddress = '10.0.0.9') => ({
  Node: { Node: 'n1', Address: nodeAddress },
  Service: { ID: id, Service: 'user-service', Address: address, Port: port, Meta: { version: '1.0.0' } },
  Checks: statuses.map((Status, i) => ({ CheckID: `c${i}`, Status })),
});

describe('toServiceInstances', () => {
  it.each([
    ['service address', [entry('a', '10.0.0.5', 7101)], ['a=http://10.0.0.5:7101']],
    // Consul API: an empty Service.Address means "the node's address".
    ['empty Service.Address -> Node.Address', [entry('a', '', 7101)], ['a=http://10.0.0.9:7101']],
    ['IPv6 address is bracketed', [entry('a', '::1', 7101)], ['a=http://[::1]:7101']],
    ['any non-passing check drops the entry', [entry('a', 'h', 1, ['passing', 'critical']), entry('b', 'h', 2, ['warning']), entry('c', 'h', 3)], ['c=http://h:3']],
    ['entries without a usable port are skipped', [entry('a', 'h', 0)], []],
    ['sorted by id', [entry('b', 'h', 2), entry('a', 'h', 1)], ['a=http://h:1', 'b=http://h:2']],
  ])('%s', (_case, body, expected) => {
    expect(toServiceInstances('user-service', body).map((i) => `${i.id}=${i.url}`)).toEqual(expected);
  });

  it('keeps Meta and rejects a body that is not an array', () => {
    expect(toServiceInstances('user-service', [entry('a', 'h', 1)])[0].meta).toEqual({ version: '1.0.0' });
    expect(() => toServiceInstances('user-service', { error: 'x' })).toThrow(/expected a JSON array/);
  });

  it('compares lists by id and url', () => {
    const a = toServiceInstances('s', [entry('a', 'h', 1)]);
    expect(sameInstances(a, toServiceInstances('s', [entry('a', 'h', 1)]))).toBe(true);
    expect(sameInstances(a, toServiceInstances('s', [entry('a', 'h', 2)]))).toBe(false);
    expect(sameInstances(a, [])).toBe(false);
  });
});
