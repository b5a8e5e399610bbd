import * as ts from 'typescript';

/** A source edit and what it did, in words for the user. */
export interface Edit {
  readonly text: string;
  readonly changes: string[];
  readonly warnings: string[];
}

const IMPORT = "import { CorsModule, CorsPolicyBuilder } from '@corsway/cors';\n";

/** The seed's three policies (the package README "Cookbook"), AllowAll as the default. */
export function corsModuleCall(origin: string): string {
  const o = JSON.stringify(origin).replace(/"/g, "'");
  return `CorsModule.forRoot({
      policies: {
        AllowAll: new CorsPolicyBuilder('AllowAll').allowAnyOrigin().allowAnyHeader().allowAnyMethod().build(),
        StrictMvc: new CorsPolicyBuilder('StrictMvc').withOrigins(${o}).withHeaders('Content-Type', 'Authorization').withMethods('GET', 'POST').build(),
        MixedPolicy: new CorsPolicyBuilder('MixedPolicy').withOrigins(${o}).allowAnyHeader().allowAnyMethod().allowCredentials()
          .withExposedHeaders('X-Request-Id').setPreflightMaxAge(600).build(),
      },
      defaultPolicy: 'AllowAll',
    })`;
}

function splice(text: string, edits: { at: number; end?: number; insert: string }[]): string {
  return [...edits].sort((a, b) => b.at - a.at).reduce((t, e) => t.slice(0, e.at) + e.insert + t.slice(e.end ?? e.at), text);
}

/** The object literal of `@Module({...})` on class `className`. */
function moduleMetadata(source: ts.SourceFile, className: string): ts.ObjectLiteralExpression | null {
  for (const statement of source.statements) {
    if (!ts.isClassDeclaration(statement) || statement.name?.text !== className) continue;
    for (const d of ts.getDecorators(statement) ?? []) {
      const call = d.expression;
      if (ts.isCallExpression(call) && ts.isIdentifier(call.expression) && call.expression.text === 'Module') {
        const arg = call.arguments[0];
        if (arg !== undefined && ts.isObjectLiteralExpression(arg)) return arg;
      }
    }
  }
  return null;
}

/** Adds the import and `CorsModule.forRoot(...)` to the root module's `imports` (once). */
export function addCorsModule(text: string, className: string, origin: string): Edit {
  if (/\bCorsModule\b/.test(text)) return { text, changes: [], warnings: ['CorsModule is already imported; left unchanged'] };
  const source = ts.createSourceFile('module.ts', text, ts.ScriptTarget.Latest, true);
  const meta = moduleMetadata(source, className);
  if (meta === null) return { text, changes: [], warnings: [`no @Module({...}) on class ${className}; add CorsModule.forRoot(...) to its imports by hand`] };
  const call = corsModuleCall(origin);
  const imports = meta.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText(source) === 'imports');
  const edits: { at: number; insert: string }[] = [];
  if (imports === undefined) {
    edits.push({ at: meta.getStart(source) + 1, insert: `\n    imports: [${call}],` });
  } else if (ts.isArrayLiteralExpression(imports.initializer)) {
    edits.push({ at: imports.initializer.getStart(source) + 1, insert: `${call}${imports.initializer.elements.length ? ', ' : ''}` });
  } else {
    return { text, changes: [], warnings: [`the imports of ${className} are not an array literal; add CorsModule.forRoot(...) to them by hand`] };
  }
  const lastImport = [...source.statements].reverse().find(ts.isImportDeclaration);
  edits.push({ at: lastImport ? lastImport.getEnd() + 1 : 0, insert: IMPORT });
  return {
    text: splice(text, edits),
    changes: [`added CorsModule.forRoot with the policies AllowAll (default), StrictMvc and MixedPolicy to ${className}'s imports`],
    warnings: [],
  };
}

/** Removes `app.enableCors(...)` statements; warns about a `cors` option given to NestFactory.create. */
export function removeEnableCors(text: string): Edit {
  const source = ts.createSourceFile('main.ts', text, ts.ScriptTarget.Latest, true);
  const edits: { at: number; end: number; insert: string }[] = [];
  const changes: string[] = [];
  const warnings: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isExpressionStatement(node)) {
      let e: ts.Expression = node.expression;
      if (ts.isAwaitExpression(e)) e = e.expression;
      if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'enableCors') {
        const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
        // The whole line, so no blank line is left behind.
        const start = text.lastIndexOf('\n', node.getStart(source) - 1) + 1;
        const end = text.indexOf('\n', node.getEnd()) === -1 ? text.length : text.indexOf('\n', node.getEnd()) + 1;
        edits.push({ at: start, end, insert: '' });
        changes.push(`removed ${node.getText(source)} (line ${line}): CorsModule installs CORS itself, a second global layer would answer first`);
        return;
      }
    }
    if (ts.isPropertyAssignment(node) && node.name.getText(source) === 'cors' && ts.isCallExpression(node.parent.parent) &&
      /NestFactory\.create/.test(node.parent.parent.expression.getText(source))) {
      warnings.push(`NestFactory.create(..., { cors: ... }) enables a second, global CORS layer; remove the cors option`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { text: splice(text, edits), changes, warnings };
}
