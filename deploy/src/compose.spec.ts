import { readFileSync } from 'node:fs';
import { dockerComposeConfig, type ComposeConfig, type ComposeService } from './support/compose.loader';
import { parseDockerfile } from './support/dockerfile.parser';
import { readRepoFile, repoFileExists, repoPath } from './support/repo';
import { parseYaml } from './support/yaml';

// docker-compose.yml: validated by Debian's `docker-compose config`;
// no Docker engine exists on the development machines, so nothing here starts
// a container. What the stack does at run time is documented in docs/DEPLOY.md.
describe('docker-compose.yml', () => {
  let compose: ComposeConfig;
  const service = (name: string): ComposeService => {
    const found = compose.services[name];
    if (!found) throw new Error(`docker-compose.yml has no service "${name}"`);
    return found;
  };
  const published = (s: ComposeService) => (s.ports ?? []).map((p) => Number(p.published));

  beforeAll(() => {
    compose = dockerComposeConfig();
  });

  it('is accepted by docker-compose config and has the eight services', () => {
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['consul', 'postgres', 'redis', 'user-service', 'gateway', 'web', 'prometheus', 'jaeger']));
  });

  it('runs the official Consul image as a dev agent with the UI on 8500', () => {
    const consul = service('consul');
    expect(consul.image).toMatch(/^hashicorp\/consul(:|$)/);
    expect(consul.command).toEqual(['agent', '-dev', '-client', '0.0.0.0', '-ui']);
    expect(published(consul)).toEqual([8500]);
  });

  it('publishes exactly 7152 (web), 7204 (gateway), 8500 (Consul UI), 9090 (Prometheus) and 16686 (Jaeger UI)', () => {
    const all = Object.entries(compose.services).flatMap(([name, s]) => published(s).map((port) => `${name}:${port}`));
    expect(all.sort()).toEqual(['consul:8500', 'gateway:7204', 'jaeger:16686', 'prometheus:9090', 'web:7152']);
  });

  it('user-service can be scaled: no container_name, no host port', () => {
    const users = service('user-service');
    expect(users.container_name).toBeUndefined();
    expect(users.ports ?? []).toEqual([]);
  });

  it('postgres and redis are official images with health checks (pg_isready, redis-cli ping)', () => {
    expect(service('postgres').image).toMatch(/^postgres:/);
    expect(JSON.stringify(service('postgres').healthcheck?.test)).toContain('pg_isready');
    expect(service('redis').image).toMatch(/^redis:/);
    expect(JSON.stringify(service('redis').healthcheck?.test)).toContain('redis-cli');
  });

  it('every service_healthy dependency has a health check (in compose or in its Dockerfile)', () => {
    const checks: string[] = [];
    for (const [name, s] of Object.entries(compose.services)) {
      for (const [target, { condition }] of Object.entries(s.depends_on ?? {})) {
        if (condition !== 'service_healthy') continue;
        const dep = service(target);
        const dockerfile = dep.build?.dockerfile;
        const imageCheck = dockerfile ? parseDockerfile(readRepoFile(dockerfile)).at(-1)?.instructions.some((i) => i.keyword === 'HEALTHCHECK') : false;
        checks.push(`${name} -> ${target}: ${dep.healthcheck || imageCheck ? 'checked' : 'NO HEALTH CHECK'}`);
      }
    }
    expect(checks.length).toBeGreaterThanOrEqual(5);
    expect(checks.filter((c) => c.endsWith('NO HEALTH CHECK'))).toEqual([]);
  });

  it.each([
    ['user-service', ['consul', 'postgres']],
    ['gateway', ['consul', 'redis', 'user-service']],
    ['web', ['gateway']],
  ])('%s waits for %j to be healthy', (name, deps) => {
    const dependsOn = service(name).depends_on ?? {};
    for (const dep of deps) expect(dependsOn[dep]).toEqual({ condition: 'service_healthy' });
  });

  it('services register and discover through Consul, users live in PostgreSQL, limits in Redis', () => {
    const users = service('user-service').environment ?? {};
    const gateway = service('gateway').environment ?? {};
    expect(users).toMatchObject({ DISCOVERY: 'consul', CONSUL_URL: 'http://consul:8500' });
    expect(users['DATABASE_URL']).toMatch(/^postgres:\/\/[^@]+@postgres:5432\//);
    expect(gateway).toMatchObject({ DISCOVERY: 'consul', CONSUL_URL: 'http://consul:8500', REDIS_URL: 'redis://redis:6379' });
    expect(service('web').environment).toMatchObject({ GATEWAY_BASE_URL: 'http://localhost:7204' });
  });

  it('each user-service instance registers its own container host name (SERVICE_ADDRESS)', () => {
    expect(JSON.stringify(service('user-service').command)).toMatch(/SERVICE_ADDRESS=\\"\$\$?\{?HOSTNAME\}?\\" exec node main\.js/);
  });

  it('all user-service instances share one signing key volume, created before any of them starts', () => {
    const volume = (s: ComposeService) => (s.volumes ?? []).map(String).find((v) => v.endsWith(':/app/data') || v.includes(':/app/data:'));
    expect(volume(service('user-service'))).toBeDefined();
    expect(volume(service('user-keys'))?.split(':')[0]).toBe(volume(service('user-service'))?.split(':')[0]);
    expect(service('user-service').depends_on?.['user-keys']).toEqual({ condition: 'service_completed_successfully' });
    expect(service('user-service').environment?.['DATA_DIR']).toBe('/app/data');
  });

  it('the gateway reads a mounted compose config that exists and selects Consul discovery', () => {
    const gateway = service('gateway');
    const target = gateway.environment?.['GATEWAY_CONFIG'];
    const mount = (gateway.volumes ?? []).map(String).find((v) => v.split(':')[1] === target);
    expect(mount).toBeDefined();
    const hostPath = mount!.split(':')[0];
    expect(hostPath).toBe(repoPath('deploy', 'gateway.compose.json'));
    const config = JSON.parse(readFileSync(hostPath, 'utf8'));
    expect(config.discovery).toMatchObject({ provider: 'consul', consul: { url: 'http://consul:8500' } });
  });

  it('the compose gateway config is the default config with only discovery changed (no drift)', () => {
    const compose = JSON.parse(readRepoFile('deploy', 'gateway.compose.json'));
    const defaults = JSON.parse(readRepoFile('apps', 'gateway', 'src', 'assets', 'gateway.config.json'));
    delete compose.discovery;
    delete defaults.discovery;
    expect(compose).toEqual(defaults);
  });

  it('Prometheus (official image) reads deploy/prometheus.yml, which scrapes /metrics of the gateway, every user-service instance and web', () => {
    const prometheus = service('prometheus');
    expect(prometheus.image).toMatch(/^prom\/prometheus:v\d/);
    const mount = (prometheus.volumes ?? []).map(String).find((v) => v.split(':')[1] === '/etc/prometheus/prometheus.yml');
    expect(mount?.split(':')[0]).toBe(repoPath('deploy', 'prometheus.yml'));
    interface ScrapeConfig {
      job_name: string;
      metrics_path?: string;
      static_configs?: { targets: string[] }[];
      dns_sd_configs?: { names: string[]; type: string; port: number }[];
    }
    const config = parseYaml(readRepoFile('deploy', 'prometheus.yml'), 'deploy/prometheus.yml') as { scrape_configs: ScrapeConfig[] };
    const targets = config.scrape_configs.map((job) => ({
      job: job.job_name,
      path: job.metrics_path ?? '/metrics', // Prometheus's default
      targets: [
        ...(job.static_configs ?? []).flatMap((c) => c.targets),
        ...(job.dns_sd_configs ?? []).flatMap((c) => c.names.map((n) => `${n}:${c.port} (DNS ${c.type})`)),
      ],
    }));
    expect(targets).toEqual([
      { job: 'gateway', path: '/metrics', targets: ['gateway:9464'] },
      { job: 'user-service', path: '/metrics', targets: ['user-service:9464 (DNS A)'] },
      { job: 'web', path: '/metrics', targets: ['web:9464'] },
    ]);
    // The port scraped is each app's METRICS_PORT, and no service publishes it: the public
    // ports (7204, 7152) serve no metrics to the internet.
    for (const app of ['gateway', 'user-service', 'web']) {
      expect(service(app).environment?.['METRICS_PORT']).toBe('9464');
      expect(JSON.stringify(service(app).ports ?? [])).not.toContain('9464');
    }
  });

  it('Jaeger (all-in-one) takes OTLP/HTTP on 4318 inside the network, and the three apps send their traces there', () => {
    const jaeger = service('jaeger');
    expect(jaeger.image).toMatch(/^jaegertracing\/all-in-one:\d/);
    expect(jaeger.environment).toMatchObject({ COLLECTOR_OTLP_ENABLED: 'true' });
    expect(jaeger.expose).toEqual(['4318']);
    for (const app of ['gateway', 'user-service', 'web']) expect(service(app).environment?.['OTEL_EXPORTER_OTLP_ENDPOINT']).toBe('http://jaeger:4318');
  });

  it.each(['gateway', 'user-service', 'web'])('%s is built from apps/%s/Dockerfile with the repo root as context', (app) => {
    expect(service(app).build).toMatchObject({ context: repoPath(), dockerfile: `apps/${app}/Dockerfile` });
    expect(repoFileExists('apps', app, 'Dockerfile')).toBe(true);
  });
});
