import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Folder with `views/` and `public/`. Built: webpack copies `src/assets` next
 * to `main.js`, so `__dirname/assets` (apps/web/project.json, the build's assets). In-process tests
 * run this file from `src/app/views`, so fall back to the source folder.
 */
export function resolveAssetsDir(): string {
  const candidates = [join(__dirname, 'assets'), join(__dirname, '..', '..', 'assets')];
  const found = candidates.find((dir) => existsSync(join(dir, 'views', 'layouts', 'main.hbs')));
  if (!found) throw new Error(`web: views not found; looked in ${candidates.join(', ')}`);
  return found;
}
