import { applicationGenerator } from '@nx/nest';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { addProjectConfiguration, logger, type Tree } from '@nx/devkit';
import { transpileModule } from 'typescript';
import { applyInit, initGenerator } from './init';
import { addCorsModule, removeEnableCors } from './init-edits';

// Generated Nest apps (the @nx/nest application generator) in Nx's in-memory workspace tree.
describe('nx g @corsway/cors:init', () => {
  let tree: Tree;
  beforeAll(() => {
    jest.spyOn(logger, 'info').mockImplementation(() => undefined);
    jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => jest.clearAllMocks());
  beforeEach(async () => {
    tree = createTreeWithEmptyWorkspace();
    await applicationGenerator(tree, { directory: 'apps/api', name: 'api', skipFormat: true, unitTestRunner: 'none', linter: 'none', e2eTestRunner: 'none' } as never);
  });

  it('adds CorsModule.forRoot with the three policies and removes app.enableCors()', async () => {
    const main = tree.read('apps/api/src/main.ts', 'utf-8') as string;
    tree.write('apps/api/src/main.ts', main.replace(/(const app = await NestFactory\.create\(AppModule\);)/, '$1\n  app.enableCors();\n  await app.enableCors({ origin: true });'));
    await expect(initGenerator(tree, { project: 'api' })).resolves.toBeUndefined();
    const report = { changes: (logger.info as jest.Mock).mock.calls.map(([m]) => String(m).replace('@corsway/cors:init ', '')) };
    const mod = tree.read('apps/api/src/app/app.module.ts', 'utf-8') as string;
    expect(mod).toContain("import { CorsModule, CorsPolicyBuilder } from '@corsway/cors';");
    for (const name of ['AllowAll', 'StrictMvc', 'MixedPolicy']) expect(mod).toContain(`${name}: new CorsPolicyBuilder('${name}')`);
    expect(mod).toContain("defaultPolicy: 'AllowAll'");
    expect(mod).toMatch(/imports: \[\s*CorsModule\.forRoot\(/);
    // Still valid TypeScript
    expect(transpileModule(mod, { reportDiagnostics: true, compilerOptions: { experimentalDecorators: true } }).diagnostics).toEqual([]);
    const newMain = tree.read('apps/api/src/main.ts', 'utf-8') as string;
    expect(newMain).not.toContain('enableCors');
    expect(newMain).toContain('NestFactory.create(AppModule)');
    expect(report.changes).toEqual([
      "apps/api/src/app/app.module.ts: added CorsModule.forRoot with the policies AllowAll (default), StrictMvc and MixedPolicy to AppModule's imports",
      expect.stringMatching(/^apps\/api\/src\/main\.ts: removed app\.enableCors\(\); \(line \d+\)/),
      expect.stringMatching(/^apps\/api\/src\/main\.ts: removed await app\.enableCors\(\{ origin: true \}\); \(line \d+\)/),
    ]);
    expect(logger.info).toHaveBeenCalledWith(expect.stringContaining('@corsway/cors:init apps/api/src/app/app.module.ts: added CorsModule.forRoot'));

    // Idempotent: a second run changes nothing and says so.
    const again = applyInit(tree, { project: 'api' });
    expect(again.changes).toEqual([]);
    expect(again.warnings).toEqual(['apps/api/src/app/app.module.ts: CorsModule is already imported; left unchanged']);
    expect(tree.read('apps/api/src/app/app.module.ts', 'utf-8')).toBe(mod);
  });

  it('uses the origin option, follows main.ts to a renamed root module, and warns about NestFactory.create({ cors })', async () => {
    tree.write('apps/api/src/root.module.ts', "import { Module } from '@nestjs/common';\n\n@Module({ controllers: [] })\nexport class RootModule {}\n");
    tree.write('apps/api/src/main.ts', "import { NestFactory } from '@nestjs/core';\nimport { RootModule } from './root.module';\n\nasync function bootstrap() {\n  const app = await NestFactory.create(RootModule, { cors: true });\n  await app.listen(3000);\n}\nbootstrap();\n");
    const report = applyInit(tree, { project: 'api', origin: 'https://app.example.com' });
    const mod = tree.read('apps/api/src/root.module.ts', 'utf-8') as string;
    expect(mod).toContain("withOrigins('https://app.example.com')");
    expect(mod).toMatch(/@Module\(\{\s*imports: \[\s*CorsModule\.forRoot/);
    expect(report.warnings).toEqual(['apps/api/src/main.ts: NestFactory.create(..., { cors: ... }) enables a second, global CORS layer; remove the cors option']);
  });

  it.each([
    ['no main.ts', (t: Tree) => t.delete('apps/api/src/main.ts'), 'api has no apps/api/src/main.ts'],
    ['root module file missing', (t: Tree) => t.delete('apps/api/src/app/app.module.ts'), 'the root module AppModule was expected in apps/api/src/app/app.module.ts'],
  ])('%s stops with a message', async (_n, breakIt, message) => {
    breakIt(tree);
    await expect(initGenerator(tree, { project: 'api' })).rejects.toThrow(message);
    expect(() => applyInit(tree, { project: 'api' })).toThrow(message);
  });

  it('a project without sourceRoot and a main.ts without a relative import fall back to src/app/app.module.ts', async () => {
    addProjectConfiguration(tree, 'bare', { root: 'apps/bare' });
    tree.write('apps/bare/src/main.ts', "const app = await NestFactory.create(AppModule);\n");
    tree.write('apps/bare/src/app/app.module.ts', "@Module({})\nexport class AppModule {}\n");
    const report = applyInit(tree, { project: 'bare' });
    expect(report.changes).toHaveLength(1);
    expect(tree.read('apps/bare/src/app/app.module.ts', 'utf-8')).toMatch(/^import \{ CorsModule, CorsPolicyBuilder \} from '@corsway\/cors';/);
  });

  it('reports when nothing changes', async () => {
    addProjectConfiguration(tree, 'other', { root: 'apps/other', sourceRoot: 'apps/other/src' });
    tree.write('apps/other/src/main.ts', "import { AppModule } from './app/app.module';\nNestFactory.create(AppModule);\n");
    tree.write('apps/other/src/app/app.module.ts', 'export class AppModule {}\n');
    await initGenerator(tree, { project: 'other' });
    const report = applyInit(tree, { project: 'other' });
    expect(report).toEqual({ changes: [], warnings: ['apps/other/src/app/app.module.ts: no @Module({...}) on class AppModule; add CorsModule.forRoot(...) to its imports by hand'] });
    expect(logger.info).toHaveBeenCalledWith('@corsway/cors:init nothing to change');
  });
});

describe('init edits', () => {
  it.each([
    ['existing imports are kept after CorsModule', "import { Module } from '@nestjs/common';\n@Module({ imports: [A, B] })\nclass AppModule {}", /imports: \[CorsModule\.forRoot\([\s\S]*\}\), A, B\]/],
    ['empty imports', "@Module({ imports: [] })\nclass AppModule {}", /imports: \[CorsModule\.forRoot\([\s\S]*\}\)\]/],
  ])('%s', (_n, source, expected) => {
    expect(addCorsModule(source, 'AppModule', 'http://a.test').text).toMatch(expected);
  });

  it.each([
    ['imports not an array', '@Module({ imports: list })\nclass AppModule {}', 'are not an array literal'],
    ['decorator without object', '@Module()\nclass AppModule {}', 'no @Module({...}) on class AppModule'],
    ['other decorator', "@Injectable()\nclass AppModule {}\nclass Other {}", 'no @Module({...})'],
  ])('%s → warning', (_n, source, warning) => {
    const r = addCorsModule(source, 'AppModule', 'http://a.test');
    expect(r.text).toBe(source);
    expect(r.warnings[0]).toContain(warning);
  });

  it('removes enableCors on the last line without a newline, and leaves other calls', () => {
    const r = removeEnableCors('app.use(x);\napp.enableCors()');
    expect(r.text).toBe('app.use(x);\n');
    expect(removeEnableCors('cors.enableCors;\nfoo();\n').changes).toEqual([]);
  });
});
