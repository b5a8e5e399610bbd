import { logger, readProjectConfiguration, type Tree } from '@nx/devkit';
import { addCorsModule, removeEnableCors } from './init-edits';

export interface InitGeneratorSchema {
  readonly project: string;
  readonly origin?: string;
}

/** What `nx g @corsway/cors:init` changed, one line per change (also logged). */
export interface InitReport {
  readonly changes: string[];
  readonly warnings: string[];
}

/** The root module main.ts bootstraps: the class passed to NestFactory.create and the file it is imported from. */
function rootModuleOf(tree: Tree, mainPath: string, fallback: string): { path: string; className: string } {
  const main = tree.read(mainPath, 'utf-8') ?? '';
  const className = /NestFactory\.create(?:<[^>]*>)?\(\s*(\w+)/.exec(main)?.[1] ?? 'AppModule';
  const from = new RegExp(`import\\s*\\{[^}]*\\b${className}\\b[^}]*\\}\\s*from\\s*['"](\\.[^'"]+)['"]`).exec(main)?.[1];
  if (from === undefined) return { path: fallback, className };
  const dir = mainPath.slice(0, mainPath.lastIndexOf('/'));
  const joined = `${dir}/${from}`.split('/').reduce<string[]>((acc, part) => (part === '..' ? acc.slice(0, -1) : part === '.' ? acc : [...acc, part]), []);
  return { path: `${joined.join('/')}.ts`, className };
}

/**
 * What `nx g @corsway/cors:init --project=<app>` does, returning the report: adds `CorsModule.forRoot` with
 * the AllowAll (default), StrictMvc and MixedPolicy policies to the app's
 * root module and removes `app.enableCors(...)` from its main.ts (a second,
 * global CORS layer under the module's, see the package README "Wiring").
 */
export function applyInit(tree: Tree, options: InitGeneratorSchema): InitReport {
  const project = readProjectConfiguration(tree, options.project);
  const sourceRoot = project.sourceRoot ?? `${project.root}/src`;
  const mainPath = `${sourceRoot}/main.ts`;
  const report: InitReport = { changes: [], warnings: [] };
  if (!tree.exists(mainPath)) {
    throw new Error(`${options.project} has no ${mainPath}; @corsway/cors:init expects a Nest application (NestFactory.create in main.ts)`);
  }
  const root = rootModuleOf(tree, mainPath, `${sourceRoot}/app/app.module.ts`);
  const moduleSource = tree.read(root.path, 'utf-8');
  if (moduleSource === null) throw new Error(`the root module ${root.className} was expected in ${root.path}, which does not exist`);

  const added = addCorsModule(moduleSource, root.className, options.origin ?? 'http://localhost:7152');
  if (added.text !== moduleSource) tree.write(root.path, added.text);
  report.changes.push(...added.changes.map((c) => `${root.path}: ${c}`));
  report.warnings.push(...added.warnings.map((w) => `${root.path}: ${w}`));

  const main = tree.read(mainPath, 'utf-8') as string;
  const removed = removeEnableCors(main);
  if (removed.text !== main) tree.write(mainPath, removed.text);
  report.changes.push(...removed.changes.map((c) => `${mainPath}: ${c}`));
  report.warnings.push(...removed.warnings.map((w) => `${mainPath}: ${w}`));

  return report;
}

/**
 * The generator Nx runs. It returns nothing: Nx takes a returned value for a
 * follow-up task and calls it. No formatFiles: the inserted code is written
 * formatted, and Nx's formatter may try to download one where the workspace has none.
 */
export async function initGenerator(tree: Tree, options: InitGeneratorSchema): Promise<void> {
  const report = applyInit(tree, options);
  for (const c of report.changes) logger.info(`@corsway/cors:init ${c}`);
  for (const w of report.warnings) logger.warn(`@corsway/cors:init ${w}`);
  if (report.changes.length === 0) logger.info('@corsway/cors:init nothing to change');
}

export default initGenerator;
