import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeConsulServer } from '@corsway/discovery/testing';
import { startApp, type RunningApp } from '@corsway/testing';
import { eventually } from './support/eventually';
import { dockerComposeConfig } from './support/compose.loader';

interface Readiness {
  Data: { ready: boolean; discovery: { provider: string; healthy: boolean; lastError?: string }; services: Record<string, { instances: number; up: number }> };
}

// What `docker compose up --scale user-service=2` does, minus Docker (no engine
// here): the BUILT user-service (two processes) and gateway, with
// DISCOVERY=consul, against the fake Consul. Proves the apps wire the discovery
// library as the compose file assumes: instances self-register with a working
// /health check, the gateway discovers and routes to them, a SIGTERM'd
// instance deregisters and leaves the gateway's list, and an unreachable Consul
// leaves the gateway routing on its last known list.
describe('the Consul stack with the built apps (fake Consul)', () => {
  let consul: FakeConsulServer;
  let dataDir: string;
  const apps: RunningApp[] = [];

  const userServiceEnv = () => ({
    DISCOVERY: 'consul',
    CONSUL_URL: consul.url,
    HOST: '127.0.0.1',
    PORT: '0',
    SERVICE_ADDRESS: '127.0.0.1',
    DATA_DIR: dataDir,
    NODE_ENV: 'development',
    // Request logs (info) tell which instance served a proxied call.
    LOG_LEVEL: 'info',
  });
  // JSON lines, or pino-pretty's indented fields under NODE_ENV=development (libs/dev-logs).
  const served = (app: RunningApp) => app.output().split('\n').filter((line) => /"url": ?"\/\.well-known\/jwks\.json"/.test(line)).length;
  const readiness = async (gateway: RunningApp) => (await (await fetch(`${gateway.url}/health/ready`)).json()) as Readiness;
  const instancesSeen = (gateway: RunningApp, count: number) =>
    eventually(async () => {
      const ready = await readiness(gateway);
      return ready.Data.services['user-service']?.instances === count ? ready : undefined;
    });

  beforeAll(async () => {
    consul = new FakeConsulServer();
    await consul.start();
    dataDir = mkdtempSync(join(tmpdir(), 'corsway-deploy-'));
    // The compose file's one-shot `user-keys` script, run as is against our
    // DATA_DIR: the instances must load the key it writes (same file, same format).
    const keygen = dockerComposeConfig().services['user-keys'];
    const script = String((keygen.command as string[])[0]).replaceAll('/app/data', dataDir);
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(run.status).toBe(0);
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await consul.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('registers, discovers, routes to both instances, deregisters on SIGTERM and survives Consul going away', async () => {
    // Two instances, one after the other (they share the SQLite file and the dev key, like the compose volume).
    const first = await startApp('user-service', userServiceEnv());
    apps.push(first);
    const second = await startApp('user-service', userServiceEnv());
    apps.push(second);
    const registered = [...consul.instances.values()].filter((i) => i.name === 'user-service');
    expect(registered).toHaveLength(2);
    for (const instance of registered) {
      expect(instance).toMatchObject({ address: '127.0.0.1', meta: { version: expect.any(String) } });
      expect(instance.id).toBe(`user-service-${hostname()}-${instance.port}`);
      // Consul's HTTP check against the registered URL: the service's own /health.
      await expect(consul.runCheck(instance.id)).resolves.toBe('passing');
    }

    const gateway = await startApp('gateway', { DISCOVERY: 'consul', CONSUL_URL: consul.url, HOST: '127.0.0.1', PORT: '0' });
    apps.push(gateway);
    const ready = await instancesSeen(gateway, 2);
    expect(ready.Data.discovery).toMatchObject({ provider: 'consul', healthy: true });
    // Both discovered instances receive traffic (what --scale user-service=2 promises).
    for (let i = 0; i < 6; i += 1) expect((await fetch(`${gateway.url}/users/.well-known/jwks.json`)).status).toBe(200);
    await eventually(async () => (served(first) > 0 && served(second) > 0 ? true : undefined));
    // Both sign with the shared key from `user-keys`, so a token from one verifies against the other's JWKS.
    const sharedKey = JSON.parse(readFileSync(join(dataDir, 'signing-key.dev.json'), 'utf8')).privateJwk;
    const published = (await (await fetch(`${gateway.url}/users/.well-known/jwks.json`)).json()) as { keys: { x: string }[] };
    expect(published.keys.map((k) => k.x)).toContain(sharedKey.x);

    // SIGTERM: the instance deregisters itself; the gateway drops it within one blocking round.
    const deregistered = consul.waitFor('deregister', registered[1].id);
    await second.stop();
    await deregistered;
    await instancesSeen(gateway, 1);
    expect((await fetch(`${gateway.url}/users/.well-known/jwks.json`)).status).toBe(200);

    // Consul unreachable: the gateway keeps its last known list, keeps routing, and says so.
    await consul.stop();
    const stale = await eventually(async () => {
      const r = await readiness(gateway);
      return r.Data.discovery.healthy ? undefined : r;
    });
    expect(stale.Data.discovery.lastError).toMatch(/Consul/);
    expect(stale.Data.services['user-service'].instances).toBe(1);
    expect((await fetch(`${gateway.url}/users/.well-known/jwks.json`)).status).toBe(200);
  }, 120_000);
});
