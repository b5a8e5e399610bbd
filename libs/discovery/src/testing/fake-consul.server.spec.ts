import { FakeConsulServer } from './fake-consul.server';

// The fake's own contract: it must answer as Consul's HTTP API documentation says,
// or every test built on it proves nothing.
describe('FakeConsulServer', () => {
  let fake: FakeConsulServer;
  const put = (path: string, body?: string) => fetch(`${fake.url}${path}`, { method: 'PUT', body });
  const valid = {
    ID: 'user-service-host-7101',
    Name: 'user-service',
    Tags: ['v1'],
    Address: '10.0.0.5',
    Port: 7101,
    Meta: { version: '1.0.0' },
    Check: { HTTP: 'http://10.0.0.5:7101/health', Interval: '10s', Timeout: '5s', DeregisterCriticalServiceAfter: '1m' },
  };

  beforeEach(async () => {
    fake = new FakeConsulServer({ initialCheckStatus: 'passing', jitter: false });
    await fake.start();
  });

  afterEach(() => fake.stop());

  it('register: 200 with an empty body', async () => {
    const res = await put('/v1/agent/service/register', JSON.stringify(valid));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    expect(fake.instances.get(valid.ID)).toMatchObject({ name: 'user-service', port: 7101 });
  });

  it.each([
    ['not JSON', '{nope'],
    ['no Name', JSON.stringify({ ...valid, Name: undefined })],
    ['Port not a number', JSON.stringify({ ...valid, Port: '7101' })],
    ['Address with a scheme', JSON.stringify({ ...valid, Address: 'http://10.0.0.5' })],
    ['HTTP check without Interval', JSON.stringify({ ...valid, Check: { HTTP: 'http://10.0.0.5:7101/health' } })],
    ['bad duration', JSON.stringify({ ...valid, Check: { ...valid.Check, DeregisterCriticalServiceAfter: 'soon' } })],
  ])('register: 400 plain text on a bad body (%s)', async (_case, body) => {
    const res = await put('/v1/agent/service/register', body);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect((await res.text()).length).toBeGreaterThan(0);
    expect(fake.instances.size).toBe(0);
  });

  it('deregister: 200, then 404 for an unknown ID', async () => {
    await put('/v1/agent/service/register', JSON.stringify(valid));
    expect((await put(`/v1/agent/service/deregister/${valid.ID}`)).status).toBe(200);
    expect((await put(`/v1/agent/service/deregister/${valid.ID}`)).status).toBe(404);
  });

  it('agent/services lists registered services by ID; forgetEverything empties it like a dev agent restart', async () => {
    await put('/v1/agent/service/register', JSON.stringify(valid));
    const listed = await (await fetch(`${fake.url}/v1/agent/services`)).json();
    expect(listed).toEqual({ [valid.ID]: { ID: valid.ID, Service: 'user-service', Tags: ['v1'], Meta: { version: '1.0.0' }, Port: 7101, Address: '10.0.0.5' } });
    fake.forgetEverything();
    expect(await (await fetch(`${fake.url}/v1/agent/services`)).json()).toEqual({});
    expect(fake.currentIndex).toBe(1);
  });

  it('health/service: the documented entry shape and headers; passing drops non-passing entries', async () => {
    await put('/v1/agent/service/register', JSON.stringify(valid));
    fake.addInstance({ id: 'sick', name: 'user-service', port: 7102, checkStatus: 'warning' });
    const res = await fetch(`${fake.url}/v1/health/service/user-service?passing`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-consul-index')).toBe(String(fake.currentIndex));
    expect(res.headers.get('x-consul-knownleader')).toBe('true');
    expect(res.headers.get('x-consul-lastcontact')).toBe('0');
    const body = await res.json();
    expect(body).toEqual([
      {
        Node: expect.objectContaining({ Node: 'fake-node', Address: '127.0.0.1', Datacenter: 'dc1' }),
        Service: { ID: valid.ID, Service: 'user-service', Tags: ['v1'], Address: '10.0.0.5', Port: 7101, Meta: { version: '1.0.0' } },
        Checks: [expect.objectContaining({ CheckID: 'serfHealth', Status: 'passing' }), expect.objectContaining({ CheckID: `service:${valid.ID}`, Status: 'passing' })],
      },
    ]);
    const all = await (await fetch(`${fake.url}/v1/health/service/user-service`)).json();
    expect(all).toHaveLength(2);
  });

  it('blocking: index + wait returns after wait with the same index when nothing changed', async () => {
    const index = fake.currentIndex;
    const res = await fetch(`${fake.url}/v1/health/service/user-service?passing&index=${index}&wait=20ms`);
    expect(res.headers.get('x-consul-index')).toBe(String(index));
    expect(await res.json()).toEqual([]);
  });

  it('blocking: a change wakes the query with the new index and list', async () => {
    const index = fake.currentIndex;
    const pending = fetch(`${fake.url}/v1/health/service/user-service?passing&index=${index}&wait=5m`);
    await fake.waitForRequest((r) => r.query['index'] === String(index));
    fake.addInstance({ id: 'u1', name: 'user-service', address: '10.0.0.1', port: 1 });
    const res = await pending;
    expect(Number(res.headers.get('x-consul-index'))).toBeGreaterThan(index);
    expect(await res.json()).toHaveLength(1);
  });

  it('an older index than the current one answers at once; setIndex moves the index backwards', async () => {
    fake.setIndex(100);
    const res = await fetch(`${fake.url}/v1/health/service/user-service?index=5&wait=5m`);
    expect(res.headers.get('x-consul-index')).toBe('100');
    fake.setIndex(7);
    expect((await fetch(`${fake.url}/v1/health/service/user-service`)).headers.get('x-consul-index')).toBe('7');
  });

  it('failNext answers 5xx plain text, then recovers', async () => {
    fake.failNext(1, 503, 'No known Consul servers');
    const failed = await fetch(`${fake.url}/v1/health/service/user-service`);
    expect([failed.status, await failed.text()]).toEqual([503, 'No known Consul servers']);
    expect((await fetch(`${fake.url}/v1/health/service/user-service`)).status).toBe(200);
  });

  it('stop() refuses connections; start() listens again on the same port', async () => {
    const url = fake.url;
    await fake.stop();
    await expect(fetch(`${url}/v1/health/service/x`)).rejects.toThrow();
    await fake.start();
    expect(fake.url).toBe(url);
    expect((await fetch(`${url}/v1/health/service/x`)).status).toBe(200);
  });
});
