import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freshNestAppFiles } from '../support/fresh-nest-app';
import { send } from '../support/http';
import { startNodeApp, type NodeApp } from '../support/node-app';
import { freshProject, packCors, removeTempDirs, run } from '../support/pack';

// From outside the workspace: the packed tarball of `nx build cors`, installed
// with npm into new Nest 11 apps (one per adapter) that know nothing of this
// repository, compiled with their own tsc, and run over real HTTP.
const WEB = 'http://localhost:7152';
const EVIL = 'http://evil.example';
const PEERS = ['@nestjs/common', '@nestjs/core', 'reflect-metadata', 'rxjs', 'typescript', '@types/node'];

let tarball: string;
beforeAll(async () => {
  tarball = await packCors();
});
afterAll(() => removeTempDirs());

describe('the packed package', () => {
  it('declares peers only, the three subpaths with types, and the bin', async () => {
    const listing = await run('tar', ['-tzf', tarball], process.cwd());
    const manifest = JSON.parse(await run('tar', ['-xzOf', tarball, 'package/package.json'], process.cwd())) as Record<string, never>;
    expect(manifest['name']).toBe('@corsway/cors');
    expect(manifest['dependencies']).toBeUndefined();
    expect(Object.keys(manifest['peerDependencies'])).toEqual(expect.arrayContaining(['@nestjs/common', '@nestjs/core', 'reflect-metadata', 'rxjs']));
    expect(manifest['peerDependencies']['@nestjs/common']).toBe('^11.0.0');
    expect(Object.keys(manifest['exports'])).toEqual(expect.arrayContaining(['.', './testing', './diagnostics']));
    for (const sub of ['.', './testing', './diagnostics']) {
      const entry = manifest['exports'][sub] as { types: string; default: string };
      expect(listing).toContain(`package/${entry.types.slice(2)}`);
      expect(listing).toContain(`package/${entry.default.slice(2)}`);
    }
    expect(listing).toContain('package/src/generators/init/schema.json');
    expect(listing).not.toMatch(/\.spec\.(js|d\.ts)/);
  });
});

describe.each(['express', 'fastify'] as const)('a fresh Nest 11 app on %s', (adapter) => {
  let dir: string;
  let app: NodeApp;
  beforeAll(async () => {
    dir = await freshProject(`fresh-${adapter}`, tarball, [...PEERS, `@nestjs/platform-${adapter}`], freshNestAppFiles(adapter));
    await run(join(dir, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], dir);
    app = await startNodeApp(dir, 'dist/main.js');
  });
  afterAll(() => app?.stop());

  it('installed nothing but the tarball and the peers the app asked for', () => {
    const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dependencies?: object }> };
    expect(lock.packages['node_modules/@corsway/cors']).toBeDefined();
    expect(lock.packages['node_modules/@corsway/cors'].dependencies).toBeUndefined();
    expect(lock.packages['node_modules/undici']).toBeUndefined();
  });

  it.each([
    ['controller policy, listed origin', 'GET', '/account/profile', WEB, 200, WEB],
    ['controller policy, other origin', 'GET', '/account/profile', EVIL, 200, undefined],
    ['handler beats controller', 'GET', '/account/public', EVIL, 200, '*'],
    ['@DisableCors', 'GET', '/account/internal', WEB, 200, undefined],
    ["a guard's 401 keeps the headers", 'GET', '/account/me', WEB, 401, WEB],
    ['404 gets the default policy', 'GET', '/nowhere', EVIL, 404, '*'],
  ])('%s: %s %s from %s → %i, ACAO %s', async (_n, method, path, origin, status, acao) => {
    const res = await send(app.url, method, path, { origin });
    expect(res.status).toBe(status);
    expect(res.headers['access-control-allow-origin']).toBe(acao);
  });

  it('answers a preflight with the endpoint policy before the guard', async () => {
    const res = await send(app.url, 'OPTIONS', '/account/me', { origin: WEB, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' });
    expect(res.status).toBe(204);
    expect(res.headers).toMatchObject({ 'access-control-allow-origin': WEB, 'access-control-allow-headers': 'Content-Type, Authorization' });
  });

  it('a typo in a policy name stops start-up, naming the decorator and the defined policies', async () => {
    await expect(startNodeApp(dir, 'dist/main.js', ['--typo'])).rejects.toThrow(
      /exited 1 before listening:\s+start-up failed: CorsConfigError: @EnableCors on TypoController\.get: unknown CORS policy "StrictMcv"; defined policies: AllowAll, StrictMvc/,
    );
  });

  it('the subpaths resolve with their types (module node16, and node10 through typesVersions) and work', async () => {
    await run(join(dir, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.node10.json'], dir);
    const out = await run(process.execPath, ['dist/diagnostics-check.js'], dir);
    expect(JSON.parse(out)).toEqual({ needsPreflight: true, corsError: 'MethodDisallowedByPreflightResponse', cases: true });
  });

  it('ships the corsway-cors bin, whose usage names itself, with --dry-run from a policy file', async () => {
    const help = await run(join(dir, 'node_modules', '.bin', 'corsway-cors'), ['explain', '--help'], dir);
    expect(help).toContain('Usage: corsway-cors explain');
    expect(help).not.toContain('nx run');
    const dry = await run(join(dir, 'node_modules', '.bin', 'corsway-cors'),
      ['explain', '--dry-run', '--config', 'cors.json', '--url', 'http://api.test/login', '--origin', WEB, '--method', 'POST', '--headers', 'Content-Type: application/json'], dir);
    expect(dry).toContain('allowed: the preflight passed');
  });
});

describe('the generator, run by Nx in a fresh workspace', () => {
  it('nx g @corsway/cors:init --project=api adds CorsModule.forRoot and removes app.enableCors(), saying so', async () => {
    const dir = await freshProject('fresh-nx', tarball, ['nx', '@nx/devkit', 'typescript'], {
      'nx.json': '{}\n',
      'apps/api/project.json': JSON.stringify({ name: 'api', root: 'apps/api', sourceRoot: 'apps/api/src', projectType: 'application' }),
      'apps/api/src/main.ts': "import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app/app.module';\n\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  app.enableCors();\n  await app.listen(3000);\n}\nbootstrap();\n",
      'apps/api/src/app/app.module.ts': "import { Module } from '@nestjs/common';\n\n@Module({\n  imports: [],\n  controllers: [],\n})\nexport class AppModule {}\n",
    });
    const out = await run(join(dir, 'node_modules', '.bin', 'nx'), ['g', '@corsway/cors:init', '--project=api', '--no-interactive'], dir,
      { NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', NX_SKIP_NX_CACHE: 'true' });
    expect(out).toContain("@corsway/cors:init apps/api/src/app/app.module.ts: added CorsModule.forRoot with the policies AllowAll (default), StrictMvc and MixedPolicy to AppModule's imports");
    expect(out).toContain('@corsway/cors:init apps/api/src/main.ts: removed app.enableCors(); (line 6)');
    const mod = readFileSync(join(dir, 'apps/api/src/app/app.module.ts'), 'utf8');
    expect(mod).toContain("import { CorsModule, CorsPolicyBuilder } from '@corsway/cors';");
    expect(mod).toMatch(/imports: \[CorsModule\.forRoot\(\{[\s\S]*StrictMvc[\s\S]*MixedPolicy[\s\S]*defaultPolicy: 'AllowAll',\s*\}\)\]/);
    expect(readFileSync(join(dir, 'apps/api/src/main.ts'), 'utf8')).not.toContain('enableCors');
  });
});
