import { readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import * as hbs from 'hbs';

/**
 * Handlebars as the view engine: `views/<controller>/<action>.hbs`, the shared
 * layout `views/layouts/main.hbs` (the seed's `_Layout.cshtml`) and the
 * partials in `views/partials`. `{{x}}` escapes; the templates use `{{{x}}}`
 * only for the layout's `body`.
 */
export function configureViewEngine(app: NestExpressApplication, assetsDir: string): void {
  // One instance per app: tests build several apps in one process.
  const engine = hbs.create();
  const partialsDir = join(assetsDir, 'views', 'partials');
  // Registered synchronously: hbs's registerPartials is async and the first
  // request could otherwise render before the partials exist.
  for (const file of readdirSync(partialsDir)) {
    if (extname(file) === '.hbs') engine.registerPartial(basename(file, '.hbs'), readFileSync(join(partialsDir, file), 'utf8'));
  }
  // Data for scripts goes into attributes as JSON; Handlebars escapes it there.
  engine.registerHelper('json', (value: unknown) => JSON.stringify(value));
  app.engine('hbs', engine.__express);
  app.setViewEngine('hbs');
  app.setBaseViewsDir(join(assetsDir, 'views'));
  app.set('view options', { layout: 'layouts/main' });
}
