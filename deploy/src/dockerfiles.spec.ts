import { parseDockerfile, type DockerStage } from './support/dockerfile.parser';
import { readRepoFile } from './support/repo';

// What each app's Dockerfile must be: a multi-stage build from the Nx build
// output, production dependencies only, a non-root user, a HEALTHCHECK.
// Checked statically: no Docker engine exists here to build them (docs/DEPLOY.md).
const APPS = [
  ['gateway', 7204],
  ['user-service', 7101],
  ['web', 7152],
] as const;

const args = (stage: DockerStage, keyword: string) => stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);

describe.each(APPS)('apps/%s/Dockerfile', (app, port) => {
  const stages = parseDockerfile(readRepoFile('apps', app, 'Dockerfile'));
  const runtime = stages[stages.length - 1];
  const build = stages.find((s) => args(s, 'RUN').some((r) => r.includes(`nx build ${app}`)));

  it('is multi-stage: a build stage runs npm install and `nx build <app>`', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(build).toBeDefined();
    expect(args(build!, 'RUN').some((r) => /^npm (install|ci)\b/.test(r))).toBe(true);
  });

  it('installs production dependencies only, from the generated dist package.json', () => {
    const deps = stages.find((s) => args(s, 'COPY').some((c) => c.includes(`dist/apps/${app}/package.json`)));
    expect(deps).toBeDefined();
    expect(args(deps!, 'RUN').some((r) => /npm (install|ci)\b.*--omit=dev/.test(r))).toBe(true);
  });

  it('runs on node:20-bookworm-slim with the Nx output and the production node_modules', () => {
    expect(runtime.from).toBe('node:20-bookworm-slim');
    const copies = args(runtime, 'COPY');
    expect(copies.some((c) => c.includes(`--from=${build!.name}`) && c.includes(`dist/apps/${app}/`))).toBe(true);
    expect(copies.some((c) => c.includes('node_modules'))).toBe(true);
    expect(args(runtime, 'CMD')).toEqual(['["node", "main.js"]']);
  });

  it('runs as a non-root user', () => {
    const user = args(runtime, 'USER').at(-1);
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
  });

  it(`has a HEALTHCHECK that fetches /health on its port (${port}) with node`, () => {
    const check = args(runtime, 'HEALTHCHECK').join(' ');
    expect(check).toMatch(/CMD \["node", "-e", .*fetch\(.*\/health/);
    expect(check).toContain(String(port));
    expect(args(runtime, 'EXPOSE')).toEqual([String(port)]);
    expect(args(runtime, 'ENV').join(' ')).toContain(`PORT=${port}`);
  });

  it('builds from an Nx webpack config that emits package.json (generatePackageJson: true)', () => {
    expect(readRepoFile('apps', app, 'webpack.config.js')).toMatch(/generatePackageJson:\s*true/);
  });
});

describe('.dockerignore', () => {
  it.each(['node_modules', 'dist', '.git', 'tmp', '.nx'])('keeps %s out of the build context', (entry) => {
    expect(readRepoFile('.dockerignore').split('\n').map((l) => l.trim())).toContain(entry);
  });
});
