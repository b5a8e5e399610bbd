import { assignedInCommand, dockerComposeConfig, type ComposeConfig } from './support/compose.loader';
import { envNamesSet, parseDockerfile } from './support/dockerfile.parser';
import { appSourceFiles, architectureEnvNames, envNamesRead, readmeEnvNames } from './support/env-names';
import { readRepoFile } from './support/repo';

// Every name compose and the Dockerfiles set is one the apps read, and one of
// docs/ARCHITECTURE.md "Environment": the same names everywhere (apps, compose, tests).
const APPS = ['gateway', 'user-service', 'web'] as const;

describe('environment names', () => {
  let compose: ComposeConfig;
  const ARCHITECTURE_ENV_NAMES = architectureEnvNames();

  beforeAll(() => {
    compose = dockerComposeConfig();
  });

  /** Compose services that run one of our apps, with the names they set. */
  const appServices = () =>
    Object.entries(compose.services)
      .map(([name, s]) => ({ name, app: /^apps\/([^/]+)\/Dockerfile$/.exec(s.build?.dockerfile ?? '')?.[1], s }))
      .filter((x): x is typeof x & { app: string } => x.app !== undefined)
      .map(({ name, app, s }) => ({ name, app, names: [...Object.keys(s.environment ?? {}), ...assignedInCommand(s.command), ...assignedInCommand(s.entrypoint)] }));

  it('the scanner finds the names the apps are known to read (guards the scanner itself)', () => {
    expect([...envNamesRead(appSourceFiles('gateway'))]).toEqual(expect.arrayContaining(['PORT', 'GATEWAY_CONFIG', 'REDIS_URL', 'DISCOVERY', 'CONSUL_URL']));
    expect([...envNamesRead(appSourceFiles('user-service'))]).toEqual(expect.arrayContaining(['PORT', 'DATABASE_URL', 'DATA_DIR', 'SERVICE_ADDRESS']));
    expect([...envNamesRead(appSourceFiles('web'))]).toEqual(expect.arrayContaining(['PORT', 'GATEWAY_BASE_URL']));
  });

  it('the design of record lists the contract names (guards the table parser)', () => {
    expect([...ARCHITECTURE_ENV_NAMES]).toEqual(expect.arrayContaining(['PORT', 'HOST', 'GATEWAY_CONFIG', 'REDIS_URL', 'TRUSTED_PROXIES', 'WEB_ORIGIN', 'NODE_ENV']));
  });

  it('compose sets env on all three apps', () => {
    expect(appServices().map((s) => s.name)).toEqual(expect.arrayContaining(['gateway', 'user-service', 'web']));
  });

  it.each(APPS)('every name compose sets on %s is in docs/ARCHITECTURE.md\'s table and read by the app', (app) => {
    const read = envNamesRead(appSourceFiles(app));
    const problems: string[] = [];
    for (const svc of appServices().filter((s) => s.app === app)) {
      for (const name of svc.names) {
        if (!ARCHITECTURE_ENV_NAMES.has(name)) problems.push(`${svc.name}: ${name} is not in docs/ARCHITECTURE.md's Environment table`);
        if (!read.has(name)) problems.push(`${svc.name}: ${name} is never read by apps/${app} (or the libs it uses)`);
      }
    }
    expect(problems).toEqual([]);
  });

  it.each(APPS)('every ENV of the apps/%s/Dockerfile runtime stage is in the table and read by the app', (app) => {
    const runtime = parseDockerfile(readRepoFile('apps', app, 'Dockerfile')).at(-1)!;
    const read = envNamesRead(appSourceFiles(app));
    const names = envNamesSet(runtime);
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((n) => !ARCHITECTURE_ENV_NAMES.has(n) || !read.has(n))).toEqual([]);
  });

  it('the README documents every name compose uses', () => {
    const documented = readmeEnvNames(readRepoFile('README.md'));
    const used = [...new Set(appServices().flatMap((s) => s.names))];
    expect(used.filter((n) => !documented.has(n))).toEqual([]);
  });
});
